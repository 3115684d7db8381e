package io.ferry.orchestrator.status;

import io.ferry.capture.engine.SourceEngine;
import io.ferry.capture.engine.SourceEngines;
import io.ferry.core.event.LogPosition;
import io.ferry.apply.PartitionKey;
import io.ferry.apply.Progress;
import io.ferry.apply.jdbc.AppliedOffsetStore;
import io.ferry.apply.jdbc.TargetConnections;
import io.ferry.apply.streams.ApplierService;
import io.ferry.core.config.PipelineConfig;
import io.ferry.core.event.ChangeEventCodec;
import io.ferry.core.topic.TopicNames;
import io.ferry.orchestrator.cutover.CutoverReport;
import io.ferry.orchestrator.dlq.PipelineDeadLetters;
import io.ferry.orchestrator.migration.JdbcMigrationStore;
import io.ferry.orchestrator.migration.MigrationState;
import io.ferry.orchestrator.pipeline.CatchUp;
import io.ferry.orchestrator.pipeline.CaptureOffsets;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a {@link PipelineStatus} from the source, Kafka and the target, without any of the pipeline's
 * processes: whatever runs capture and the applier (one {@code ferry run}, separate services, or
 * nothing), the stored offsets tell where they are. An unreachable part is reported, not thrown.
 */
public final class PipelineStatusReader {

    private final PipelineConfig config;
    private final Clock clock;

    /** Whether the pipeline's target keeps a migration's state (not so the way back's MariaDB/MySQL target). */
    private final boolean migration;

    public PipelineStatusReader(PipelineConfig config, Clock clock) {
        this(config, clock, true);
    }

    /** @param migration whether to read the migration's state in the target; false for reverse replication's pipeline */
    public PipelineStatusReader(PipelineConfig config, Clock clock, boolean migration) {
        this.config = config;
        this.clock = clock;
        this.migration = migration;
    }

    public PipelineStatus read() {
        List<String> problems = new ArrayList<>();
        SourceEngine engine = SourceEngines.of(config.source().kind());
        LogPosition headPosition = null;
        try (Connection source = engine.connect(config.source())) {
            headPosition = engine.currentPosition(source);
        } catch (Exception e) {
            problems.add("source " + config.source().host() + ":" + config.source().port() + " unreadable: " + e.getMessage());
        }
        Map<String, Object> offset = Map.of();
        long offsetAge = -1;
        List<PipelineStatus.Partition> partitions = new ArrayList<>();
        long deadLetters = -1;
        try (Admin admin = Admin.create(kafkaProps())) {
            try (CaptureOffsets offsets = new CaptureOffsets(config)) {
                offset = offsets.latest();
                if (offsets.latestWrittenAtMillis() >= 0) {
                    offsetAge = Math.max(0, clock.millis() - offsets.latestWrittenAtMillis());
                }
            }
            // Applied offsets first: records arriving in between then count as behind, never as applied past the end.
            Map<PartitionKey, Progress> applied = appliedOffsets(problems);
            Map<TopicPartition, Long> ends = CatchUp.endOffsets(admin, TopicNames.pipelineTopicPattern(config));
            if (applied != null) {
                partitions = partitions(ends, applied);
            }
        } catch (Exception e) {
            problems.add("Kafka " + config.kafka().bootstrapServers() + " unreadable: " + e.getMessage());
        }
        if (problems.isEmpty()) {
            try {
                deadLetters = new PipelineDeadLetters(config, () -> TargetConnections.open(config.target(), "ferry-status")).count();
            } catch (Exception e) {
                problems.add("dead letters unreadable: " + e.getMessage());
            }
        }
        boolean covers = headPosition != null && engine.reached(offset, headPosition);
        String head = headPosition == null ? null : headPosition.text();
        return new PipelineStatus(config.name(), head, offset, offsetAge, covers, partitions, deadLetters,
                migration ? migration(problems) : null, problems);
    }

    private PipelineStatus.Migration migration(List<String> problems) {
        try {
            return new JdbcMigrationStore(() -> TargetConnections.open(config.target(), "ferry-status")).load(config.name())
                    .map(PipelineStatusReader::summary).orElse(null);
        } catch (Exception e) {
            problems.add("migration state in target " + config.target().host() + ":" + config.target().port() + " unreadable: "
                    + e.getMessage());
            return null;
        }
    }

    private static PipelineStatus.Migration summary(MigrationState m) {
        PipelineStatus.LastCutover last = null;
        if (m.lastCutover() != null) {
            CutoverReport r = CutoverReport.fromJson(m.lastCutover());
            last = new PipelineStatus.LastCutover(r.outcome().name(), r.reason(), r.freezeMillis(), r.startedAt());
        }
        return new PipelineStatus.Migration(m.phase().name(), m.epoch(), m.routing().side().wireName(), m.routing().version(),
                String.valueOf(m.updatedAt()), last);
    }

    private Map<PartitionKey, Progress> appliedOffsets(List<String> problems) {
        try (Connection target = TargetConnections.open(config.target(), "ferry-status")) {
            AppliedOffsetStore store = ApplierService.appliedOffsets(config);
            store.ensureSchema(target);
            return store.load(target);
        } catch (Exception e) {
            problems.add("target " + config.target().host() + ":" + config.target().port() + " unreadable: " + e.getMessage());
            return null;
        }
    }

    /** Applied against end offsets; for a partition behind, the age of its oldest unapplied change. */
    private List<PipelineStatus.Partition> partitions(Map<TopicPartition, Long> ends, Map<PartitionKey, Progress> applied) {
        List<PipelineStatus.Partition> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            for (var e : ends.entrySet()) {
                TopicPartition tp = e.getKey();
                Progress p = applied.get(new PartitionKey(tp.topic(), tp.partition()));
                long next = p == null ? 0 : p.next();
                long age = next < e.getValue() ? ageOf(consumer, tp, next) : 0;
                out.add(new PipelineStatus.Partition(tp.topic(), tp.partition(), next, e.getValue(), age));
            }
        }
        out.sort(Comparator.comparing(PipelineStatus.Partition::topic).thenComparingInt(PipelineStatus.Partition::partition));
        return out;
    }

    /** Age of the record at {@code offset}: from the change's source commit time, else Kafka's record time. */
    private long ageOf(KafkaConsumer<byte[], byte[]> consumer, TopicPartition tp, long offset) {
        consumer.assign(List.of(tp));
        consumer.seek(tp, offset);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                long at = r.timestamp();
                try {
                    Long commit = r.value() == null ? null : ChangeEventCodec.decode(r.value()).commitTimeMillis();
                    if (commit != null) {
                        at = commit;
                    }
                } catch (RuntimeException notAChangeEvent) {
                    // a dead letter's concern; Kafka's record time still tells its age
                }
                return Math.max(0, clock.millis() - at);
            }
        }
        return -1;
    }

    private Properties kafkaProps() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        p.putAll(config.kafka().clientConfig()); // security.protocol, ssl.*, sasl.*
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        return p;
    }

    private Properties consumerProps() {
        Properties p = kafkaProps();
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1");
        return p;
    }
}
