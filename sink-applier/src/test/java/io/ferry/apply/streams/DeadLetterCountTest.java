package io.ferry.apply.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.core.config.TablesConfig;
import io.ferry.core.topic.TopicNames;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class DeadLetterCountTest {

    private static final Pattern SHOP = TopicNames.pipelineTopicPattern("ferry", "shop", TablesConfig.ALL);

    private static RecordHeaders headers(String pipeline, String topic) {
        RecordHeaders h = new RecordHeaders();
        if (pipeline != null) {
            h.add(KafkaDeadLetters.PIPELINE_HEADER, pipeline.getBytes(StandardCharsets.UTF_8));
        }
        h.add(KafkaDeadLetters.TOPIC_HEADER, topic.getBytes(StandardCharsets.UTF_8));
        return h;
    }

    @Test
    void aDeadLetterIsThePipelinesThatItNames() {
        assertThat(DeadLetterCount.belongsTo(headers("shop", "ferry.shop.orders"), "shop", SHOP)).isTrue();
        assertThat(DeadLetterCount.belongsTo(headers("crm", "ferry.crm.orders"), "shop", SHOP)).isFalse();
        // the name decides, even where the topics of two pipelines overlap
        assertThat(DeadLetterCount.belongsTo(headers("other", "ferry.shop.orders"), "shop", SHOP)).isFalse();
    }

    @Test
    void aDeadLetterThatNamesNoPipelineIsThePipelinesWhoseTopicItCameFrom() {
        assertThat(DeadLetterCount.belongsTo(headers(null, "ferry.shop.orders"), "shop", SHOP)).isTrue();
        assertThat(DeadLetterCount.belongsTo(headers(null, "ferry.crm.orders"), "shop", SHOP)).isFalse();
    }
}
