package io.ferry.orchestrator.cutover;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.apply.PartitionKey;
import io.ferry.apply.Progress;
import io.ferry.apply.jdbc.AppliedOffsetStore;
import io.ferry.apply.streams.ApplierService;
import io.ferry.apply.streams.DeadLetterTopic;
import io.ferry.capture.DebeziumProperties;
import io.ferry.core.config.PipelineConfig;
import io.ferry.core.topic.TopicNames;
import io.ferry.orchestrator.dlq.PipelineDeadLetters;
import io.ferry.orchestrator.migration.Connections;
import io.ferry.orchestrator.migration.ReadinessSignals;
import io.ferry.orchestrator.pipeline.CatchUp;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Readiness measured from outside capture and applier, through Kafka and the target (for a coordinator that runs as
 * its own service):
 * <ul>
 *   <li>lag: the age of the oldest change record not yet applied (its Kafka timestamp, which capture sets when it
 *       produces the change), zero when every partition is applied to its end;</li>
 *   <li>steadiness: how long lag has stayed under the threshold, over the calls to {@link #read} (call it
 *       regularly, e.g. every second);</li>
 *   <li>dead letters: records of this pipeline parked in {@code _ferry.dlq} and not replayed ({@link PipelineDeadLetters});</li>
 *   <li>capture running: capture stored an offset within the last {@code max(30 s, 10 heartbeats)};</li>
 *   <li>applier running: its consumer group has members.</li>
 * </ul>
 * Not thread-safe: one caller (the coordinator's sampler) at a time.
 */
public final class PipelineReadiness implements ReadinessProbe, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long OFFSETS_TAIL = 2_000;

    private final PipelineConfig config;
    private final Connections target;
    private final Supplier<Boolean> validationClean;
    private final Duration threshold;
    private final Admin admin;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Pattern changeTopics;
    private final String engine;
    private Long underSince;

    /** @param validationClean whether the last live validation was clean; null when none finished */
    public PipelineReadiness(PipelineConfig config, Connections target, Supplier<Boolean> validationClean) {
        this.config = config;
        this.target = target;
        this.validationClean = validationClean;
        this.threshold = Duration.ofMillis(config.cutover().lagThresholdMs());
        Properties a = new Properties();
        a.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        a.putAll(config.kafka().clientConfig()); // security.protocol, ssl.*, sasl.*
        this.admin = Admin.create(a);
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        p.putAll(config.kafka().clientConfig()); // security.protocol, ssl.*, sasl.*
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.changeTopics = TopicNames.pipelineTopicPattern(config);
        this.engine = DebeziumProperties.engineName(config);
    }

    @Override
    public ReadinessSignals read() throws Exception {
        Duration lag = lag();
        long now = System.nanoTime();
        if (lag.compareTo(threshold) <= 0) {
            if (underSince == null) {
                underSince = now;
            }
        } else {
            underSince = null;
        }
        Duration steady = underSince == null ? Duration.ZERO : Duration.ofNanos(now - underSince);
        return new ReadinessSignals(lag, steady, deadLetters(), validationClean.get(), captureRunning(), applierRunning());
    }

    /** The age of the oldest change record not yet applied; zero when the applier is at every partition's end. */
    Duration lag() throws Exception {
        Map<TopicPartition, Long> ends = CatchUp.endOffsets(admin, changeTopics);
        Map<PartitionKey, Progress> applied;
        try (Connection c = target.open()) {
            applied = ApplierService.appliedOffsets(config).load(c);
        }
        long oldest = Long.MAX_VALUE;
        for (var e : ends.entrySet()) {
            Progress p = applied.get(new PartitionKey(e.getKey().topic(), e.getKey().partition()));
            long next = p == null ? 0 : p.next();
            if (next < e.getValue()) {
                Long ts = timestampAt(e.getKey(), next);
                if (ts != null) {
                    oldest = Math.min(oldest, ts);
                }
            }
        }
        return oldest == Long.MAX_VALUE ? Duration.ZERO : Duration.ofMillis(Math.max(0, System.currentTimeMillis() - oldest));
    }

    private Long timestampAt(TopicPartition tp, long offset) {
        consumer.assign(List.of(tp));
        consumer.seek(tp, offset);
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofSeconds(2))) {
            return r.timestamp();
        }
        return null;
    }

    long deadLetters() throws Exception {
        PipelineDeadLetters letters = new PipelineDeadLetters(config, target);
        return PipelineDeadLetters.count(letters.unreplayed(DeadLetterTopic.read(consumer, config.name(), changeTopics, Duration.ofSeconds(30))));
    }

    boolean captureRunning() {
        List<TopicPartition> parts = consumer.partitionsFor(TopicNames.OFFSETS, Duration.ofSeconds(10)).stream()
                .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
        consumer.assign(parts);
        Map<TopicPartition, Long> ends = consumer.endOffsets(parts, Duration.ofSeconds(10));
        parts.forEach(tp -> consumer.seek(tp, Math.max(0, ends.get(tp) - OFFSETS_TAIL)));
        long newest = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (parts.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp)) && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                if (r.key() != null && isOurs(r.key())) {
                    newest = Math.max(newest, r.timestamp());
                }
            }
        }
        long window = Math.max(30_000, 10 * config.capture().heartbeatIntervalMs());
        return newest > 0 && System.currentTimeMillis() - newest <= window;
    }

    private boolean isOurs(byte[] key) {
        try {
            JsonNode k = JSON.readTree(key);
            return k.isArray() && k.size() > 0 && engine.equals(k.get(0).asText());
        } catch (java.io.IOException e) {
            return false;
        }
    }

    boolean applierRunning() {
        try {
            var d = admin.describeConsumerGroups(List.of(ApplierService.applicationId(config))).all().get(10, TimeUnit.SECONDS);
            return d.values().stream().anyMatch(g -> !g.members().isEmpty());
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public void close() {
        consumer.close();
        admin.close();
    }
}
