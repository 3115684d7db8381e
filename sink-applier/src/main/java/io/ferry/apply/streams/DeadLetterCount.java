package io.ferry.apply.streams;

import io.ferry.core.config.PipelineConfig;
import io.ferry.core.topic.TopicNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Pattern;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Counts one pipeline's records in the dead-letter topic, which every pipeline on the cluster shares, whatever other
 * pipelines parked; replayed ones included (the orchestrator's {@code PipelineDeadLetters} subtracts those).
 */
public final class DeadLetterCount {

    private DeadLetterCount() {
    }

    /** The number of dead letters of {@code config}'s pipeline in {@link TopicNames#DLQ}; 0 when the topic does not exist. */
    public static long of(String bootstrapServers, PipelineConfig config, Duration timeout) {
        return DeadLetterTopic.read(bootstrapServers, config.name(), TopicNames.pipelineTopicPattern(config), timeout,
                config.kafka().clientConfig()).size();
    }

    /**
     * @param ownTopics the pipeline's change topics: a record written before dead letters named their pipeline counts
     *                  as the pipeline's when it came from one of them
     */
    public static long of(String bootstrapServers, String pipeline, Pattern ownTopics, Duration timeout) {
        return DeadLetterTopic.read(bootstrapServers, pipeline, ownTopics, timeout).size();
    }

    /** Whether a dead letter with these headers is the pipeline's. */
    static boolean belongsTo(Headers headers, String pipeline, Pattern ownTopics) {
        Header named = headers.lastHeader(KafkaDeadLetters.PIPELINE_HEADER);
        if (named != null) {
            return pipeline.equals(new String(named.value(), StandardCharsets.UTF_8));
        }
        Header topic = headers.lastHeader(KafkaDeadLetters.TOPIC_HEADER);
        return topic != null && ownTopics.matcher(new String(topic.value(), StandardCharsets.UTF_8)).matches();
    }
}
