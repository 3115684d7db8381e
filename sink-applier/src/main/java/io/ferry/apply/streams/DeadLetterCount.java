package io.ferry.apply.streams;

import io.ferry.core.config.PipelineConfig;
import io.ferry.core.topic.TopicNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Counts one pipeline's records in the dead-letter topic, which every pipeline on the cluster shares: a cutover is
 * ready only when its own pipeline has none, whatever other pipelines parked. Reads the topic from the start with
 * no consumer group, so it commits nothing and disturbs no one.
 */
public final class DeadLetterCount {

    private DeadLetterCount() {
    }

    /** The number of dead letters of {@code config}'s pipeline in {@link TopicNames#DLQ}; 0 when the topic does not exist. */
    public static long of(String bootstrapServers, PipelineConfig config, Duration timeout) {
        return of(bootstrapServers, config.name(), TopicNames.pipelineTopicPattern(config), timeout);
    }

    /**
     * @param ownTopics the pipeline's change topics: a record written before dead letters named their pipeline counts
     *                  as the pipeline's when it came from one of them
     */
    public static long of(String bootstrapServers, String pipeline, Pattern ownTopics, Duration timeout) {
        Properties p = new Properties();
        p.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.setProperty(ConsumerConfig.CLIENT_ID_CONFIG, "ferry-dlq-count-" + pipeline);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            Map<String, List<PartitionInfo>> topics = c.listTopics(timeout);
            if (!topics.containsKey(TopicNames.DLQ)) {
                return 0;
            }
            List<TopicPartition> partitions = topics.get(TopicNames.DLQ).stream()
                    .map(i -> new TopicPartition(TopicNames.DLQ, i.partition())).toList();
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = c.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            long count = 0;
            while (partitions.stream().anyMatch(tp -> c.position(tp, timeout) < ends.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("timed out after " + timeout + " reading " + TopicNames.DLQ + " to count the dead letters of "
                            + "pipeline " + pipeline);
                }
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (r.offset() < ends.get(new TopicPartition(r.topic(), r.partition())) && belongsTo(r.headers(), pipeline, ownTopics)) {
                        count++;
                    }
                }
            }
            return count;
        }
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
