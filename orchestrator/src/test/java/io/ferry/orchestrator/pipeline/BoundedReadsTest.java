package io.ferry.orchestrator.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

/** A consumer reading to known offsets inside the freeze does not let the broker hold its fetches (Kafka's default: 500 ms). */
class BoundedReadsTest {

    @Test
    void fetchesAreNotHeldForMoreData() {
        Properties p = new Properties();
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "500");
        BoundedReads.configure(p);
        assertThat(Integer.parseInt(p.getProperty(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG))).isEqualTo(BoundedReads.FETCH_MAX_WAIT_MS)
                .isLessThanOrEqualTo(50);
    }
}
