package io.ferry.apply.streams;

import io.ferry.apply.ApplierActivityLog;
import io.ferry.apply.ApplierStats;
import io.ferry.apply.ApplyBatch;
import io.ferry.apply.ChangeApplier;
import io.ferry.apply.PartitionKey;
import io.ferry.apply.dialect.TargetDialect;
import io.ferry.apply.dialect.TargetDialects;
import io.ferry.apply.jdbc.AppliedOffsetStore;
import io.ferry.apply.jdbc.BatchWriter;
import io.ferry.apply.jdbc.TargetCatalog;
import io.ferry.apply.jdbc.TargetConnections;
import io.ferry.apply.jdbc.TargetErrors;
import io.ferry.core.config.PipelineConfig;
import io.ferry.core.fault.FaultPoints;
import io.ferry.core.retry.LoggedOutages;
import io.ferry.apply.jdbc.BulkCopyGate;
import io.ferry.core.retry.RetryPolicy;
import io.ferry.core.service.RunningService;
import io.ferry.core.service.Ticker;
import io.ferry.core.topic.TopicNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The applier for one pipeline: first applies whatever a previous run left between the target's
 * recorded offsets and the offsets Kafka Streams committed, then runs the Streams topology that
 * applies the change topics of the pipeline's own source tables ({@link TopicNames#pipelineTopicPattern}).
 */
public final class ApplierService implements RunningService {

    private static final Logger LOG = LoggerFactory.getLogger(ApplierService.class);

    private final PipelineConfig config;
    private final ApplierStats stats = new ApplierStats();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final FaultPoints faults = FaultPoints.fromSystemProperty();
    private final List<AutoCloseable> resources = new ArrayList<>();
    /** Released by {@link #close()}: ends every wait for the target or the broker at once. */
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final RetryPolicy retry;
    /** The target's dialect, chosen once from {@code target.kind}. */
    private final TargetDialect dialect;
    private volatile KafkaStreams streams;
    private Ticker activityLog;

    public ApplierService(PipelineConfig config) {
        this.config = config;
        this.dialect = TargetDialects.of(config.target().kind());
        this.retry = new RetryPolicy(config.apply().retry(), new TargetErrors(dialect),
                new LoggedOutages(ApplierService.class, "applier of pipeline " + config.name()),
                java.time.Clock.systemUTC(), RetryPolicy.Sleeper.until(stopping));
    }

    public static String applicationId(PipelineConfig config) {
        return "ferry-applier-" + config.name();
    }

    /** The pipeline's applied-offsets table, in its target's dialect. */
    public static AppliedOffsetStore appliedOffsets(PipelineConfig config) {
        return new AppliedOffsetStore(TargetDialects.of(config.target().kind()), applicationId(config));
    }

    public ApplierStats stats() {
        return stats;
    }

    /** Registers the applier's meters and readiness checks (docs/metrics.md). */
    @Override
    public void bindMetrics(io.micrometer.core.instrument.MeterRegistry registry, io.ferry.core.metrics.Health health) {
        ApplierMetrics.bind(registry, config.name(), stats, s -> recordsLag());
        health.add("applier", () -> failure() == null ? null : "the applier stopped: " + failure().getMessage());
        health.add("kafka-consumer", () -> {
            KafkaStreams s = streams;
            return s != null && s.state() == KafkaStreams.State.RUNNING ? null
                    : "Kafka Streams is " + (s == null ? "not started" : s.state()) + ", not RUNNING";
        });
        health.add("target", () -> {
            try (Connection c = openTarget()) {
                return c.isValid(3) ? null : "the target connection does not answer";
            }
        });
    }

    /** Records in the change topics not yet read by the applier's consumers (Kafka's records-lag), NaN before any is known. */
    double recordsLag() {
        KafkaStreams s = streams;
        if (s == null) {
            return Double.NaN;
        }
        double sum = 0;
        boolean any = false;
        for (var e : s.metrics().entrySet()) {
            var name = e.getKey();
            if (name.name().equals("records-lag") && name.group().equals("consumer-fetch-manager-metrics")
                    && !String.valueOf(name.tags().get("client-id")).contains("restore")
                    && e.getValue().metricValue() instanceof Number n && !Double.isNaN(n.doubleValue())) {
                sum += n.doubleValue();
                any = true;
            }
        }
        return any ? sum : Double.NaN;
    }

    /** Why the applier stopped on its own, if it did. */
    @Override
    public Throwable failure() {
        return failure.get();
    }

    /**
     * Prepares the target and starts applying. An unreachable target or broker is waited for under the pipeline's
     * retry policy ({@code apply.retry}); a permanent error (authentication, privilege) stops at once.
     *
     * @throws IllegalStateException when the target or broker cannot be used, or {@link #close()} ended the wait
     */
    public ApplierService start() {
        try {
            retry.call("preparing the ferry schema on target " + targetName(), () -> {
                try (Connection c = openTarget()) {
                    AppliedOffsetStore offsets = new AppliedOffsetStore(dialect, applicationId(config));
                    offsets.ensureSchema(c);
                    logResumedFrom(offsets.load(c));
                }
                return null;
            }, () -> { });
            retry.call("recovering changes committed by Kafka Streams but missing in the target", () -> {
                recoverGaps();
                return null;
            }, () -> { });
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare the ferry schema on target " + targetName()
                    + " (SQLState " + e.getSQLState() + "): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("applier of pipeline " + config.name() + " stopped while waiting to start", e);
        }
        if (stopping.getCount() == 0) {
            throw new IllegalStateException("applier of pipeline " + config.name() + " stopped while starting");
        }
        streams = new KafkaStreams(topology(), streamsProps());
        streams.setUncaughtExceptionHandler(e -> {
            Throwable cause = e.getCause() != null && e instanceof org.apache.kafka.streams.errors.StreamsException ? e.getCause() : e;
            if (stopping.getCount() == 0) {
                LOG.info("applier of pipeline {} stopped while a batch waited for the target: {}", config.name(), cause.getMessage());
            } else {
                failure.compareAndSet(null, cause);
                LOG.error("applier of pipeline {} stopped: {}", config.name(), cause.getMessage(), cause);
            }
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.start();
        ApplierActivityLog activity = new ApplierActivityLog(config.name(), stats, System.currentTimeMillis(), LOG::info);
        activityLog = Ticker.every("ferry-applier-log", 1000, activity::tick);
        LOG.info("applier of pipeline {} started (application id {})", config.name(), applicationId(config));
        return this;
    }

    private void logResumedFrom(Map<PartitionKey, io.ferry.apply.Progress> applied) {
        if (applied.isEmpty()) {
            LOG.info("applier of pipeline {}: nothing applied to target {} yet", config.name(), targetName());
            return;
        }
        String newest = applied.values().stream().map(io.ferry.apply.Progress::position).filter(java.util.Objects::nonNull)
                .max(java.util.Comparator.naturalOrder()).map(io.ferry.core.event.SourcePosition::describe).orElse("unknown");
        LOG.info("applier of pipeline {}: resumes from the offsets recorded in target {} for {} partitions, newest source position {}",
                config.name(), targetName(), applied.size(), newest);
    }

    Topology topology() {
        Topology t = new Topology();
        Duration interval = Duration.ofMillis(config.apply().flushIntervalMs());
        // Only this pipeline's tables: other pipelines on the cluster may share the prefix.
        t.addSource("changes", Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(),
                TopicNames.pipelineTopicPattern(config));
        t.addProcessor("apply", () -> new ApplyProcessor(this::newApplier, interval), "changes");
        return t;
    }

    /**
     * Streams 4.x commits input offsets before any hook we could flush in, so after a crash the
     * group may be ahead of the target. Closing those gaps before Streams starts covers partitions
     * that get no new record; {@link ChangeApplier} covers gaps found while running.
     */
    private void recoverGaps() {
        try (Admin admin = Admin.create(adminProps()); ChangeApplier applier = newApplier()) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId(config))
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            int partitions = 0;
            java.util.regex.Pattern ours = TopicNames.pipelineTopicPattern(config);
            for (var e : committed.entrySet()) {
                if (e.getValue() == null || !ours.matcher(e.getKey().topic()).matches()) {
                    continue;
                }
                applier.catchUp(new PartitionKey(e.getKey().topic(), e.getKey().partition()), e.getValue().offset());
                partitions++;
            }
            LOG.info("checked {} partitions for changes committed by Kafka Streams but missing in the target ({} were replays)",
                    partitions, applier.skipped());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during recovery", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot read the applier's committed offsets from Kafka: " + e.getMessage(), e);
        }
    }

    private ChangeApplier newApplier() {
        KafkaGapReader gaps = new KafkaGapReader(config.kafka().bootstrapServers(), applicationId(config) + "-gap-reader",
                config.kafka().kafkaLimitBytes(), config.kafka().clientConfig());
        BatchWriter writer = new BatchWriter(this::openTarget, new TargetCatalog(dialect, config.target().schema()),
                new AppliedOffsetStore(dialect, applicationId(config)), deadLetters(), config.apply().onError(), stats,
                new KafkaPartitionMembership(gaps::partitionCount), retry,
                new io.ferry.apply.jdbc.SchemaEvolution(dialect, new io.ferry.core.schema.mapping.TypeMapper(config.types())));
        // Changes streamed while capture's bulk load copies a table wait until that table's copy is committed.
        BulkCopyGate gated = new BulkCopyGate(writer, this::openTarget, config.name(), RetryPolicy.Sleeper.until(stopping),
                java.time.Duration.ofMillis(500));
        return new ChangeApplier(gated, gaps, config.apply().batchSize(), faults, flushGuard(), dialect::targetName).ownChangesOnly(config.name());
    }

    private synchronized KafkaDeadLetters deadLetters() {
        for (AutoCloseable r : resources) {
            if (r instanceof KafkaDeadLetters d) {
                return d;
            }
        }
        KafkaDeadLetters d = new KafkaDeadLetters(config.kafka().bootstrapServers(), applicationId(config) + "-dlq", config.name(),
                config.kafka().deadLetterLimitBytes(), config.kafka().clientConfig());
        resources.add(d);
        return d;
    }

    /**
     * Only for the crash test "Streams committed offsets, then the process died before the batch reached
     * the database": with that fault armed, a batch is held back until the group has committed the offset of at least one of its records.
     */
    private ChangeApplier.FlushGuard flushGuard() {
        if (!faults.isArmed("apply.before-db-commit")) {
            return batch -> true;
        }
        long[] lastCheck = {0};
        return batch -> {
            long now = System.nanoTime();
            if (now - lastCheck[0] < 250_000_000L) {
                return false;
            }
            lastCheck[0] = now;
            return committedCovers(batch);
        };
    }

    /** Whether Kafka Streams has committed the offset of some record of this batch, which the target does not have yet. */
    private boolean committedCovers(ApplyBatch batch) {
        // Only reached with the fault armed; one Admin per check keeps the normal path free of it.
        try (Admin admin = Admin.create(adminProps())) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId(config))
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            for (var p : batch.firstOffsets().entrySet()) {
                OffsetAndMetadata c = committed.get(new TopicPartition(p.getKey().topic(), p.getKey().partition()));
                if (c != null && c.offset() > p.getValue()) {
                    return true;
                }
            }
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    Connection openTarget() throws SQLException {
        return TargetConnections.open(config.target(), applicationId(config));
    }

    private String targetName() {
        return config.target().host() + ":" + config.target().port() + "/" + config.target().database();
    }

    private Properties adminProps() {
        Properties p = new Properties();
        p.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        p.putAll(config.kafka().clientConfig()); // security.protocol, ssl.*, sasl.*
        return p;
    }

    private Properties streamsProps() {
        Properties p = new Properties();
        p.setProperty(StreamsConfig.APPLICATION_ID_CONFIG, applicationId(config));
        p.setProperty(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        p.putAll(config.kafka().clientConfig()); // security.protocol, ssl.*, sasl.*
        p.setProperty(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(config.apply().threads()));
        p.setProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        p.setProperty(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, System.getProperty("ferry.apply.commit-interval-ms", "1000"));
        p.setProperty(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, "0");
        p.setProperty("processing.exception.handler.global.enabled", "true");
        p.setProperty(StreamsConfig.REPLICATION_FACTOR_CONFIG, Short.toString(config.kafka().replicationFactor()));
        p.setProperty(StreamsConfig.STATE_DIR_CONFIG, stateDir().toString());
        p.setProperty(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        p.setProperty(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), "5000");
        p.setProperty(StreamsConfig.consumerPrefix(ConsumerConfig.METADATA_MAX_AGE_CONFIG), "2000");
        // A record larger than a fetch still arrives (alone), but a partition whose next record is as large as
        // kafka.maxMessageBytes allows should not take a fetch of its own every time.
        int fetch = config.kafka().kafkaLimitBytes();
        p.setProperty(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG), Integer.toString(fetch));
        p.setProperty(StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MAX_BYTES_CONFIG), Integer.toString(Math.max(fetch, 50 * 1024 * 1024)));
        // Crash tests shorten how long a killed member holds its partitions; the default suits production.
        String sessionTimeout = System.getProperty("ferry.apply.session-timeout-ms");
        if (sessionTimeout != null) {
            p.setProperty(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), sessionTimeout);
            p.setProperty(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), "1000");
        }
        return p;
    }

    private Path stateDir() {
        try {
            return Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "ferry-streams", config.name()));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create the Kafka Streams state directory: " + e.getMessage(), e);
        }
    }

    @Override
    public java.time.Duration shutdownTimeout() {
        return java.time.Duration.ofMillis(config.apply().shutdownTimeoutMs());
    }

    @Override
    public String inFlight() {
        return "the changes read but not yet committed to the target (Kafka Streams re-reads them from the topic on the next start)";
    }

    @Override
    public void close() {
        stopping.countDown();
        if (activityLog != null) {
            activityLog.close();
        }
        if (streams != null) {
            // Leave the group on a clean stop so the partitions move to another instance at once.
            streams.close(org.apache.kafka.streams.CloseOptions.groupMembershipOperation(
                    org.apache.kafka.streams.CloseOptions.GroupMembershipOperation.LEAVE_GROUP).withTimeout(shutdownTimeout().multipliedBy(2).dividedBy(3)));
        }
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                LOG.warn("closing {} failed: {}", r, e.getMessage());
            }
        }
    }
}
