package io.ferry.capture.bulk;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.capture.DebeziumProperties;
import io.ferry.core.config.PipelineConfig;
import io.ferry.core.topic.TopicNames;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Capture's Debezium offsets in the Kafka offsets topic, as Kafka Connect's offset store keeps them: the key is the
 * JSON list {@code ["<engine name>", {"server": "<topic prefix>"}]}, the value the connector's offset as a JSON
 * object ({@code file}, {@code pos}, {@code gtids}, {@code event}, {@code row}...). After a bulk load, capture writes
 * the cut there before the engine first starts, so Debezium streams from exactly the cut.
 */
public final class DebeziumOffsets {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DebeziumOffsets() {
    }

    /** The offset key Connect writes for this pipeline's engine, byte for byte (compact JSON). */
    public static byte[] key(PipelineConfig config) {
        try {
            return JSON.writeValueAsBytes(List.of(DebeziumProperties.engineName(config), Map.of("server", config.kafka().topicPrefix())));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The engine's stored offset, or null when none is stored (or it was deleted). */
    public static Map<String, Object> stored(PipelineConfig config) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        byte[] key = key(config);
        if (!topicExists(config, TopicNames.OFFSETS)) {
            return null;
        }
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            var infos = consumer.partitionsFor(TopicNames.OFFSETS, Duration.ofSeconds(10));
            if (infos == null || infos.isEmpty()) {
                return null;
            }
            List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            Map<String, Object> latest = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading " + TopicNames.OFFSETS + " took over 60 s");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key() != null && java.util.Arrays.equals(r.key(), key)) {
                        latest = r.value() == null ? null : JSON.readValue(r.value(), Map.class);
                    }
                }
            }
            return latest;
        } catch (IOException e) {
            throw new IllegalStateException("capture offsets in " + TopicNames.OFFSETS + " are not JSON: " + e.getMessage(), e);
        }
    }

    /** Stores an offset for the engine, creating the offsets topic as Connect does (compacted) when it is missing. */
    public static void seed(PipelineConfig config, Map<String, Object> offset) {
        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        try (Admin a = Admin.create(admin)) {
            a.createTopics(List.of(new NewTopic(TopicNames.OFFSETS, 1, config.kafka().replicationFactor())
                    .configs(Map.of("cleanup.policy", "compact")))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create " + TopicNames.OFFSETS + ": " + e.getCause().getMessage(), e.getCause());
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("creating " + TopicNames.OFFSETS + " timed out", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating " + TopicNames.OFFSETS, e);
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(TopicNames.OFFSETS, key(config), JSON.writeValueAsBytes(offset))).get(30, TimeUnit.SECONDS);
        } catch (IOException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot store the bulk load's cut as capture's offset in " + TopicNames.OFFSETS + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while storing capture's offset", e);
        }
    }

    /** The keys by which Debezium marks an offset taken while a snapshot of its own was under way. */
    private static final List<String> SNAPSHOT_MARKERS = List.of("snapshot", "snapshot_completed");

    /**
     * Whether a stored offset says that Debezium's snapshot did not finish. After a bulk load Debezium only reads the
     * tables' structure at the cut; if capture stops before Debezium commits a streaming offset, the stored offset is
     * still the cut with that mark, and Debezium would take a new snapshot at the source's position of the restart and
     * stream from there, skipping every change in between (CrashRecoveryIT saw it).
     */
    public static boolean snapshotUnfinished(Map<String, Object> offset) {
        Object mark = offset.get("snapshot");
        return mark != null && !"false".equalsIgnoreCase(mark.toString());
    }

    /** The offset without the marks of an unfinished snapshot: the same position, from which Debezium streams. */
    public static Map<String, Object> withoutSnapshotMarks(Map<String, Object> offset) {
        Map<String, Object> out = new java.util.LinkedHashMap<>(offset);
        SNAPSHOT_MARKERS.forEach(out::remove);
        return out;
    }

    /** Whether the pipeline's schema history topic holds any record. */
    public static boolean historyStored(PipelineConfig config) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        if (!topicExists(config, DebeziumProperties.schemaHistoryTopic(config))) {
            return false;
        }
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            var infos = consumer.partitionsFor(DebeziumProperties.schemaHistoryTopic(config), Duration.ofSeconds(10));
            if (infos == null || infos.isEmpty()) {
                return false;
            }
            List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            Map<TopicPartition, Long> begins = consumer.beginningOffsets(partitions, Duration.ofSeconds(10));
            return partitions.stream().anyMatch(tp -> ends.get(tp) > begins.get(tp));
        }
    }

    /**
     * Empties the pipeline's schema history topic (its records deleted, the topic kept), so that Debezium, started in
     * {@code recovery} mode, records the captured tables' current structure again, then streams from its stored
     * offset. Needed when tables join a pipeline that runs: the history holds only the captured tables' DDL.
     */
    public static void clearHistory(PipelineConfig config) {
        String topic = DebeziumProperties.schemaHistoryTopic(config);
        if (!topicExists(config, topic)) {
            return;
        }
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        p.putAll(config.kafka().clientConfig());
        try (Admin a = Admin.create(p)) {
            var description = a.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
            Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new java.util.HashMap<>();
            description.partitions().forEach(info -> latest.put(new TopicPartition(topic, info.partition()),
                    org.apache.kafka.clients.admin.OffsetSpec.latest()));
            Map<TopicPartition, org.apache.kafka.clients.admin.RecordsToDelete> delete = new java.util.HashMap<>();
            a.listOffsets(latest).all().get(30, TimeUnit.SECONDS).forEach((tp, info) ->
                    delete.put(tp, org.apache.kafka.clients.admin.RecordsToDelete.beforeOffset(info.offset())));
            a.deleteRecords(delete).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot empty the schema history topic " + topic + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while emptying the schema history topic " + topic, e);
        }
    }

    private static boolean topicExists(PipelineConfig config, String topic) {
        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        try (Admin a = Admin.create(admin)) {
            return a.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot list the topics of " + config.kafka().bootstrapServers() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while listing topics", e);
        }
    }
}
