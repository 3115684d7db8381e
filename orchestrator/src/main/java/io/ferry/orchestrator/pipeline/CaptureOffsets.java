package io.ferry.orchestrator.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.capture.DebeziumProperties;
import io.ferry.core.config.PipelineConfig;
import io.ferry.core.topic.TopicNames;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The source position capture has delivered, read from Kafka where capture keeps its Debezium
 * offsets (written only after Kafka acknowledged the changes they cover), so that a process other
 * than capture can tell how far it got. One reader follows the offsets topic: each call reads on
 * from where the last one stopped.
 */
public final class CaptureOffsets implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Offsets are written every second; the newest is among the last records of the topic. */
    private static final long TAIL = 5_000;

    private final String engine;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private List<TopicPartition> partitions = List.of();
    private Map<String, Object> latest = Map.of();
    private long latestWrittenAtMillis = -1;

    public CaptureOffsets(PipelineConfig config) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        p.putAll(config.kafka().clientConfig()); // security.protocol, ssl.*, sasl.*
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // Debezium creates the offsets topic compacted; a reader must never create it first.
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        // The drain asks for the newest offset every 20 ms: a fetch held for more data would delay the answer.
        BoundedReads.configure(p);
        this.engine = DebeziumProperties.engineName(config);
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        assignOffsetsTopic();
    }

    /** The offsets topic appears when capture first starts, which may be after this reader was made. */
    private void assignOffsetsTopic() {
        partitions = consumer.partitionsFor(TopicNames.OFFSETS, Duration.ofSeconds(10)).stream()
                .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
        consumer.assign(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(10));
        for (TopicPartition tp : partitions) {
            consumer.seek(tp, Math.max(0, ends.get(tp) - TAIL));
        }
    }

    /** Capture's newest stored offset for the pipeline (file, pos, gtids, snapshot...), or an empty map. */
    public Map<String, Object> latest() {
        if (partitions.isEmpty()) {
            assignOffsetsTopic();
        }
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(10));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try {
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key() == null || r.value() == null) {
                        continue;
                    }
                    JsonNode key = JSON.readTree(r.key());
                    if (key.isArray() && key.size() > 0 && engine.equals(key.get(0).asText())) {
                        @SuppressWarnings("unchecked")
                        Map<String, Object> value = JSON.readValue(r.value(), Map.class);
                        latest = value;
                        latestWrittenAtMillis = r.timestamp();
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("capture offsets in " + TopicNames.OFFSETS + " are not JSON: " + e.getMessage(), e);
        }
        return latest;
    }

    /** When capture stored the offset {@link #latest()} returned (Kafka's record time), or -1 if none. */
    public long latestWrittenAtMillis() {
        return latestWrittenAtMillis;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
