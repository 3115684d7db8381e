package io.ferry.apply.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.apply.ParkedRecord;
import io.ferry.core.config.PipelineConfig;
import io.ferry.core.topic.TopicNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads one pipeline's dead letters back from {@link TopicNames#DLQ} (shared by every pipeline on the cluster), from
 * the start, with no consumer group: it commits nothing and disturbs no one. The topic keeps every dead letter; which
 * of them were replayed is recorded on the target ({@code ReplayedDeadLetters}).
 */
public final class DeadLetterTopic {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DeadLetterTopic() {
    }

    /** The pipeline's dead letters in the order they were parked (per DLQ partition); empty when the topic does not exist. */
    public static List<ParkedRecord> read(String bootstrapServers, PipelineConfig config, Duration timeout) {
        return read(bootstrapServers, config.name(), TopicNames.pipelineTopicPattern(config), timeout, config.kafka().clientConfig());
    }

    /**
     * @param ownTopics the pipeline's change topics: a record written before dead letters named their pipeline counts
     *                  as the pipeline's when it came from one of them
     */
    public static List<ParkedRecord> read(String bootstrapServers, String pipeline, Pattern ownTopics, Duration timeout) {
        return read(bootstrapServers, pipeline, ownTopics, timeout, java.util.Map.of());
    }

    /** @param client the pipeline's Kafka client settings (kafka.clientProperties) */
    public static List<ParkedRecord> read(String bootstrapServers, String pipeline, Pattern ownTopics, Duration timeout,
            java.util.Map<String, String> client) {
        Properties p = new Properties();
        p.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.putAll(client);
        p.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.setProperty(ConsumerConfig.CLIENT_ID_CONFIG, "ferry-dlq-read-" + pipeline);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            return read(c, pipeline, ownTopics, timeout);
        }
    }

    /** As {@link #read(String, String, Pattern, Duration)} with a consumer of the caller's (it is left assigned to the topic). */
    public static List<ParkedRecord> read(KafkaConsumer<byte[], byte[]> c, String pipeline, Pattern ownTopics, Duration timeout) {
        List<ParkedRecord> out = new ArrayList<>();
        Map<String, List<PartitionInfo>> topics = c.listTopics(timeout);
        if (!topics.containsKey(TopicNames.DLQ)) {
            return out;
        }
        List<TopicPartition> partitions = topics.get(TopicNames.DLQ).stream()
                .map(i -> new TopicPartition(TopicNames.DLQ, i.partition())).toList();
        c.assign(partitions);
        c.seekToBeginning(partitions);
        Map<TopicPartition, Long> ends = c.endOffsets(partitions, timeout);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (partitions.stream().anyMatch(tp -> c.position(tp, timeout) < ends.get(tp))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeout + " reading " + TopicNames.DLQ
                        + " for the dead letters of pipeline " + pipeline);
            }
            for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                if (r.offset() < ends.get(new TopicPartition(r.topic(), r.partition()))
                        && DeadLetterCount.belongsTo(r.headers(), pipeline, ownTopics)) {
                    out.add(parked(r));
                }
            }
        }
        return out;
    }

    private static ParkedRecord parked(ConsumerRecord<byte[], byte[]> r) {
        try {
            JsonNode v = JSON.readTree(r.value());
            JsonNode value = v.get("value");
            return new ParkedRecord(r.partition(), r.offset(), v.path("topic").asText(), v.path("partition").asInt(), v.path("offset").asLong(),
                    v.hasNonNull("table") ? v.get("table").asText() : null, v.path("reason").asText(), r.timestamp(), r.key(),
                    value == null || value.isNull() ? null : value.asText().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(TopicNames.DLQ + "-" + r.partition() + "@" + r.offset() + " is not a Ferry dead letter: "
                    + e.getMessage(), e);
        }
    }
}
