package io.ferry.orchestrator.pipeline;

import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * Settings of a consumer that reads topics up to offsets known beforehand, during a cutover's freeze: the broker must not
 * hold its fetches waiting for more data. With Kafka's default {@code fetch.max.wait.ms} (500 ms), the fetch still in
 * flight when the last record was read kept the next poll, and the consumer's close, waiting that long: half a second
 * of the final validation's reading of the changed keys, inside the freeze.
 */
public final class BoundedReads {

    /** How long the broker may hold a fetch of such a consumer for more data. */
    public static final int FETCH_MAX_WAIT_MS = 20;

    private BoundedReads() {
    }

    /** Sets a bounded reader's consumer properties. */
    public static void configure(Properties consumer) {
        consumer.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, Integer.toString(FETCH_MAX_WAIT_MS));
    }
}
