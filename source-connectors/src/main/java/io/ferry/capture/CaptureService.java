package io.ferry.capture;

import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import io.ferry.capture.bulk.BulkLoad;
import io.ferry.capture.bulk.BulkProgress;
import io.ferry.capture.bulk.DebeziumOffsets;
import io.ferry.core.config.PipelineConfig;
import io.ferry.core.config.SnapshotMode;
import java.util.Map;
import io.ferry.core.fault.FaultPoints;
import io.ferry.core.service.Ticker;
import io.ferry.core.schema.TableId;
import io.ferry.core.retry.LoggedOutages;
import io.ferry.core.retry.RetryPolicy;
import io.ferry.core.service.RunningService;
import io.ferry.core.topic.TopicNames;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Capture for one pipeline: the Debezium Embedded Engine reading the source (snapshot, then the
 * log), each row change turned into a canonical event and produced to its table's topic.
 */
public final class CaptureService implements RunningService {

    private static final Logger LOG = LoggerFactory.getLogger(CaptureService.class);

    private final PipelineConfig config;
    private final CaptureStats stats = new CaptureStats();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ferry-capture");
        t.setDaemon(true);
        return t;
    });
    private Producer<byte[], byte[]> producer;
    private volatile DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;
    /** Reads a PostgreSQL source's unsent TOASTed values of key changes; one per engine, null for other sources. */
    private volatile UnsentValues unsent;
    private volatile BulkLoad bulk;
    private volatile boolean bulkDone;
    private volatile Thread copier;
    /** How often the bulk load logs its progress. */
    static final long BULK_PROGRESS_LOG_MS = 5000;
    private volatile boolean stopped;
    /** Released by {@link #close()}: ends every wait for the broker at once. */
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final RetryPolicy retry;
    private Ticker activityLog;
    private Ticker slotLag;

    /** The same pipeline as it ran before with other tables, or null. */
    private final PipelineConfig previous;
    /** Where the start asks Debezium to snapshot tables that joined the pipeline, or null. */
    private Path signalFile;
    /** The tables a snapshot in this run reads: all of them, or only those that joined. */
    private List<TableId> snapshotTables;

    public CaptureService(PipelineConfig config) {
        this(config, null);
    }

    /**
     * @param previous the pipeline as it ran before, when its table list changed (the capture registry restarts it so):
     *                 for tables that joined, Debezium's schema history (which holds only the captured tables' DDL) is
     *                 recorded anew from the tables' current structure, streaming resumes from the stored offset, and a
     *                 blocking snapshot of the joined tables carries their rows ({@link JoinedTables}); null otherwise
     */
    public CaptureService(PipelineConfig config, PipelineConfig previous) {
        this.config = config;
        this.previous = previous;
        this.retry = new RetryPolicy(config.capture().retry(), new BrokerErrors(),
                new LoggedOutages(CaptureService.class, "capture of pipeline " + config.name()),
                java.time.Clock.systemUTC(), RetryPolicy.Sleeper.until(stopping));
    }

    /** Lists the selected tables, creates their topics and starts the engine in the background. */
    public CaptureService start() {
        routeJavaUtilLogging();
        requireUtcDefaultZone();
        List<TableId> tables = SourceTables.selected(config);
        List<String> topics = tables.stream().map(t -> TopicNames.changeTopic(config.kafka().topicPrefix(), t)).toList();
        try {
            // An unreachable broker is waited for like any outage (capture.retry).
            retry.call("creating the change topics on " + config.kafka().bootstrapServers(), () -> {
                ensureTopics(topics);
                return null;
            }, () -> { });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("capture of pipeline " + config.name() + " stopped while waiting for the broker", e);
        }
        TopicOwners.requireOwn(config.kafka().bootstrapServers(), config.kafka().clientConfig(), topics, config.name(), java.time.Duration.ofSeconds(30));
        producer = new KafkaProducer<>(producerProps(), new ByteArraySerializer(), new ByteArraySerializer());
        Map<TableId, List<String>> substituteKeys = SourceTables.substituteKeys(config, tables);
        Map<TableId, String> snapshotSelects = SourceTables.snapshotSelects(config, tables);
        String snapshotOverride = null;
        List<TableId> joined = previous == null ? List.of() : JoinedTables.of(tables, SourceTables.selected(previous));
        snapshotTables = tables;
        if (!joined.isEmpty() && !io.ferry.capture.engine.SourceEngines.of(config.source().kind()).snapshotsJoinedTables()) {
            LOG.warn("capture of pipeline {}: tables {} joined; their changes are captured from now on, but the rows they held before "
                    + "are not copied for a PostgreSQL source (start the pipeline anew, or copy them)", config.name(), joined);
        } else if (!joined.isEmpty() && DebeziumOffsets.stored(config) != null) {
            // The bulk path then starts Debezium in recovery mode by itself (its history is empty).
            DebeziumOffsets.clearHistory(config);
            snapshotOverride = "recovery";
            signalFile = JoinedTables.signalBlockingSnapshot(config, joined);
            snapshotTables = joined;
            LOG.info("capture of pipeline {}: tables {} joined; the schema history is recorded anew from the tables' current structure, "
                    + "streaming resumes from the stored offset and a blocking snapshot carries the joined tables' rows", config.name(), joined);
        }
        if (config.capture().snapshotMode() == SnapshotMode.BULK
                && !io.ferry.capture.engine.SourceEngines.of(config.source().kind()).hasBulkLoad()) {
            LOG.info("capture of pipeline {}: capture.snapshotMode bulk is not built for PostgreSQL sources; Debezium's initial "
                    + "snapshot does the full load (through replication slot {})", config.name(), PostgresSlot.slotName(config.name()));
            engine = buildEngine(tables, substituteKeys, snapshotSelects, snapshotOverride);
            executor.execute(engine);
        } else if (config.capture().snapshotMode() == SnapshotMode.BULK) {
            bulk = new BulkLoad(config, tables, substituteKeys);
            stats.bulkLoadStarts();
            executor.execute(() -> {
                try {
                    String debeziumMode = prepareBulkLoad();
                    if (stopped) {
                        return;
                    }
                    engine = buildEngine(tables, substituteKeys, snapshotSelects, debeziumMode);
                    engine.run();
                } catch (Throwable e) {
                    if (!stopped) {
                        failure.compareAndSet(null, e);
                        LOG.error("capture of pipeline {} stopped: the bulk load failed: {}", config.name(), e.getMessage(), e);
                    }
                }
            });
        } else {
            engine = buildEngine(tables, substituteKeys, snapshotSelects, snapshotOverride);
            executor.execute(engine);
        }
        CaptureActivityLog activity = new CaptureActivityLog(config.name(), stats, System.currentTimeMillis(), LOG::info);
        activityLog = Ticker.every("ferry-capture-log", 1000, activity::tick);
        if (io.ferry.capture.engine.SourceEngines.of(config.source().kind()).hasReplicationSlot()) {
            slotLag = Ticker.every("ferry-slot-lag", SLOT_LAG_INTERVAL_MS, now -> sampleSlotLag());
        }
        LOG.info("capture of pipeline {} started for {} tables of {}", config.name(), tables.size(), config.source().database());
        return this;
    }

    private DebeziumEngine<RecordChangeEvent<SourceRecord>> buildEngine(List<TableId> tables, Map<TableId, List<String>> substituteKeys,
                                                                       Map<TableId, String> snapshotSelects, String snapshotModeOverride) {
        Properties props = DebeziumProperties.of(config, tables, substituteKeys, snapshotSelects);
        DebeziumProperties.retries(props, config.capture().retry(), retry.retriesWithinLimit());
        if (signalFile != null) {
            JoinedTables.signalProperties(signalFile).forEach(props::setProperty);
        }
        if (snapshotModeOverride != null) {
            props.setProperty("snapshot.mode", snapshotModeOverride);
            // After a bulk load Debezium reads only the tables' structure, never rows: no lock is needed for that
            // (its table locks would need RELOAD too, which the bulk load's cut can do without on MariaDB). Schema
            // changes while the bulk load runs are not supported anyway (docs/configuration.md).
            props.setProperty("snapshot.locking.mode", "none");
        }
        return DebeziumEngine.create(ChangeEventFormat.of(io.debezium.embedded.Connect.class))
                .using(props)
                .notifying(new KafkaChangeConsumer(producer, new RecordConverter(config.name(), unsentValues()),
                        config.kafka().topicPrefix(), stats, FaultPoints.fromSystemProperty(), tables, snapshotTables, retry,
                        config.kafka().maxMessageBytes(),
                        t -> t.schema().equals(config.source().namespace()) && config.tables().includes(t.table()),
                        t -> {
                            LOG.info("capture of pipeline {}: table {} was created on the source and is selected; creating its topic",
                                    config.name(), t);
                            ensureTopics(List.of(TopicNames.changeTopic(config.kafka().topicPrefix(), t)));
                        }))
                .using((success, message, error) -> {
                    if (!success && !stopped) {
                        failure.compareAndSet(null, explain(message, error));
                        LOG.error("capture of pipeline {} stopped: {}", config.name(), message, error);
                    }
                })
                .build();
    }

    /** The source engine's reader of unsent values (the one of an earlier engine closed), or null. */
    private UnsentValues unsentValues() {
        UnsentValues before = unsent;
        if (before != null) {
            before.close();
        }
        unsent = io.ferry.capture.engine.SourceEngines.of(config.source().kind()).unsentValues(config.source());
        return unsent;
    }

    /**
     * The bulk path: unless capture already has a stored position and no bulk load is recorded (a pipeline that began
     * with Debezium's snapshot), prepares the bulk load (its cut, and for a new load the plan, committed), stores the
     * load's first cut as Debezium's offset when no offset is stored yet, and starts copying in the background.
     * Debezium then streams from that offset while the copy runs; the applier holds back each table's changes until
     * its copy is committed ({@code BulkCopyGate}). Debezium starts in {@code recovery} mode while its schema history
     * is empty (it records the tables' current structure, then streams from the stored offset), else {@code no_data}.
     *
     * @return the Debezium snapshot mode to start with
     */
    private String prepareBulkLoad() throws Exception {
        Map<String, Object> stored = DebeziumOffsets.stored(config);
        if (stored != null && !bulk.recorded()) {
            LOG.info("capture of pipeline {} resumes streaming from its stored offset {}; no bulk load", config.name(), stored);
            finishBulk();
        } else {
            BulkLoad.Prepared prepared = bulk.prepare();
            if (stored == null) {
                DebeziumOffsets.seed(config, prepared.firstCut().debeziumOffset());
                LOG.info("capture of pipeline {} streams from the bulk load's cut {}", config.name(), prepared.firstCut().describe());
            } else if (DebeziumOffsets.snapshotUnfinished(stored)) {
                // Debezium only read the tables' structure here (the rows are the bulk load's): stream from the same
                // position rather than let it take a new snapshot at today's position and skip what lies between.
                Map<String, Object> resumed = DebeziumOffsets.withoutSnapshotMarks(stored);
                DebeziumOffsets.seed(config, resumed);
                LOG.info("capture of pipeline {} resumes streaming from its stored offset {} (Debezium's reading of the tables' "
                        + "structure had not finished there)", config.name(), resumed);
            } else {
                LOG.info("capture of pipeline {} resumes streaming from its stored offset {}", config.name(), stored);
            }
            if (prepared.finishedEarlier()) {
                finishBulk();
            } else {
                copier = new Thread(() -> copy(prepared), "ferry-bulk");
                copier.setDaemon(true);
                copier.start();
            }
        }
        return DebeziumOffsets.historyStored(config) ? "no_data" : "recovery";
    }

    private void copy(BulkLoad.Prepared prepared) {
        Map<TableId, Long> reported = new HashMap<>();
        Ticker progressLog = Ticker.every("ferry-bulk-progress", BULK_PROGRESS_LOG_MS, now -> LOG.info("{}", bulk.progress().line()));
        Ticker progressStats = Ticker.every("ferry-bulk-stats", 1000, now -> reportBulkRows(reported));
        try (prepared) {
            bulk.copy(prepared);
            progressStats.close();
            reportBulkRows(reported);
            finishBulk();
        } catch (Throwable e) {
            if (!stopped) {
                failure.compareAndSet(null, e);
                LOG.error("capture of pipeline {} stopped: the bulk load failed: {}", config.name(), e.getMessage(), e);
            }
        } finally {
            progressStats.close();
            progressLog.close();
        }
    }

    /**
     * Hands the rows the bulk load committed since the last call to {@link CaptureStats#recordSnapshotRows}, so that
     * status, the status page and the snapshot meters count the copy as it goes, as they count Debezium's snapshot.
     */
    private synchronized void reportBulkRows(Map<TableId, Long> reported) {
        bulk.progress().copiedPerTable().forEach((table, copied) -> {
            long before = reported.getOrDefault(table, 0L);
            if (copied > before) {
                stats.recordSnapshotRows(table, copied - before);
                reported.put(table, copied);
            }
        });
    }

    /** The copy is committed: capture counts as streaming from now on (the full load is over). */
    private void finishBulk() {
        bulkDone = true;
        stats.markStreaming();
    }

    /** The bulk load's progress while it runs, or null when capture does not bulk-load (or has finished). */
    public BulkProgress bulkProgress() {
        return bulk == null || bulkDone ? null : bulk.progress();
    }

    private void ensureTopics(List<String> topics) {
        try (Admin admin = Admin.create(adminProps())) {
            // Change topics keep the cluster's retention: a gap the applier finds purged stops it loudly.
            String limit = Integer.toString(config.kafka().kafkaLimitBytes());
            List<String> hadTopics = KafkaTopics.ensure(admin, topics, config.kafka().partitions(), config.kafka().replicationFactor(),
                    java.util.Map.of("cleanup.policy", "delete", KafkaTopics.MAX_MESSAGE_BYTES, limit));
            // Dead letters are the evidence that blocks a cutover: they are never deleted by time. A dead letter
            // carries its change event whole as a JSON string beside the reason, so its topic takes twice the limit.
            List<String> hadDlq = KafkaTopics.ensure(admin, List.of(TopicNames.DLQ), 1, config.kafka().replicationFactor(),
                    java.util.Map.of("cleanup.policy", "delete", "retention.ms", "-1",
                            KafkaTopics.MAX_MESSAGE_BYTES, Integer.toString(config.kafka().deadLetterLimitBytes())));
            // Topics made by an earlier Ferry (or by hand) keep their settings, but not a smaller size limit.
            KafkaTopics.raiseMaxMessageBytes(admin, hadTopics, config.kafka().kafkaLimitBytes());
            KafkaTopics.raiseMaxMessageBytes(admin, hadDlq, config.kafka().deadLetterLimitBytes());
        }
    }

    /**
     * Debezium 3.5 reports a rejected connector configuration through a Kafka Connect class whose
     * shape changed in Kafka 4.x, which surfaces as a NoSuchMethodError; the real reason is logged
     * just before by Debezium, so say that instead of the linkage error.
     */
    private static Throwable explain(String message, Throwable error) {
        if (error instanceof NoSuchMethodError || (error != null && error.getCause() instanceof NoSuchMethodError)
                || (message != null && message.contains("ConfigInfos"))) {
            return new CaptureFailedException("Debezium rejected the source connection or configuration; "
                    + "the reason is in the log lines of io.debezium just before this one", error);
        }
        if (error == null) {
            return new CaptureFailedException(message, null);
        }
        String withCause = withRootCause(error);
        return withCause.equals(error.getMessage()) ? error : new CaptureFailedException(withCause, error);
    }

    /**
     * An error's message followed by its innermost cause's where that says something the message does not: Debezium's
     * "Unable to create filtered publication ..." says what failed, the server's "must be owner of table ..." why.
     */
    static String withRootCause(Throwable error) {
        Throwable root = error;
        for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < 20; depth++) {
            root = root.getCause();
        }
        String message = String.valueOf(error.getMessage());
        String why = root.getMessage();
        if (root == error || why == null || why.isBlank() || message.contains(why)) {
            return message;
        }
        return message + " (caused by: " + why + ")";
    }

    /**
     * Debezium's MariaDB/MySQL snapshot reads DATETIME and TIMESTAMP columns with
     * {@code ResultSet.getTimestamp(i, Calendar.getInstance())}, i.e. through the JVM's default zone:
     * in a zone with daylight saving time a DATETIME inside the spring-forward gap (02:30 on a DST
     * day) comes out an hour later. In UTC there is no gap, so capture runs the JVM in UTC.
     * Ferry's own full load (future) will not depend on this.
     */
    private static synchronized void requireUtcDefaultZone() {
        java.util.TimeZone zone = java.util.TimeZone.getDefault();
        if (zone.getRawOffset() != 0 || zone.useDaylightTime()) {
            LOG.warn("capture sets the JVM default time zone to UTC (was {}): Debezium's snapshot reads DATETIME values through it", zone.getID());
            java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("UTC"));
        }
    }

    /** The binlog client logs through java.util.logging; send it where everything else goes. */
    private static synchronized void routeJavaUtilLogging() {
        if (!org.slf4j.bridge.SLF4JBridgeHandler.isInstalled()) {
            org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
            org.slf4j.bridge.SLF4JBridgeHandler.install();
        }
    }

    /** How often the replication slot's retained WAL is read (ferry_capture_slot_retained_wal_bytes). */
    static final long SLOT_LAG_INTERVAL_MS = 10_000;

    private void sampleSlotLag() {
        try (java.sql.Connection c = SourceTables.connect(config.source())) {
            stats.slotRetainedWalBytes(PostgresSlot.retainedWalBytes(c, config.name()).orElse(-1));
        } catch (java.sql.SQLException e) {
            stats.slotRetainedWalBytes(-1);
            LOG.debug("capture of pipeline {}: cannot read the replication slot's retained WAL: {}", config.name(), e.getMessage());
        }
    }

    public CaptureStats stats() {
        return stats;
    }

    /** Registers capture's meters and readiness checks (docs/metrics.md). */
    @Override
    public void bindMetrics(io.micrometer.core.instrument.MeterRegistry registry, io.ferry.core.metrics.Health health) {
        CaptureMetrics.bind(registry, config.name(), stats);
        CaptureHealth.register(health, config, this);
    }

    /** Why the engine stopped on its own, if it did. */
    @Override
    public Throwable failure() {
        return failure.get();
    }

    @Override
    public java.time.Duration shutdownTimeout() {
        return java.time.Duration.ofMillis(config.capture().shutdownTimeoutMs());
    }

    @Override
    public String inFlight() {
        Object offset = stats.lastAckedOffset();
        return "the change events read from the source but not yet acknowledged by Kafka (the next start resumes "
                + (offset == null ? "from the start of the snapshot or the last stored offset" : "after source offset " + offset) + ")";
    }

    /**
     * Stops the engine, then the producer. Each step gets a share of the shutdown timeout, since with the broker
     * gone the engine's last offset flush and the producer's close would otherwise wait for minutes.
     */
    @Override
    public void close() {
        stopped = true;
        stopping.countDown();
        if (activityLog != null) {
            activityLog.close();
        }
        if (slotLag != null) {
            slotLag.close();
        }
        long budgetMs = config.capture().shutdownTimeoutMs();
        if (bulk != null) {
            bulk.close();
            Thread c = copier;
            if (c != null) {
                try {
                    c.join(Math.max(1000, budgetMs / 4));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        try {
            if (engine != null && failure.get() == null) {
                engine.close();
            }
        } catch (IOException | IllegalStateException e) {
            LOG.warn("closing the Debezium engine failed: {}", e.getMessage());
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(budgetMs / 2, TimeUnit.MILLISECONDS)) {
                LOG.warn("capture of pipeline {}: the engine did not stop within {} ms; abandoning {}", config.name(), budgetMs / 2, inFlight());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        UnsentValues u = unsent;
        if (u != null) {
            u.close();
        }
        if (producer != null) {
            producer.close(java.time.Duration.ofMillis(budgetMs / 4));
        }
        if (signalFile != null) {
            try {
                java.nio.file.Files.deleteIfExists(signalFile);
            } catch (IOException e) {
                LOG.debug("cannot delete the signal file {}: {}", signalFile, e.getMessage());
            }
        }
    }

    private Properties adminProps() {
        Properties p = new Properties();
        p.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        p.putAll(config.kafka().clientConfig()); // security.protocol, ssl.*, sasl.*
        return p;
    }

    private Properties producerProps() {
        Properties p = new Properties();
        p.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        p.putAll(config.kafka().clientConfig()); // security.protocol, ssl.*, sasl.*
        p.setProperty(ProducerConfig.CLIENT_ID_CONFIG, "ferry-capture-" + config.name());
        p.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        p.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.setProperty(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        p.setProperty(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.setProperty(ProducerConfig.COMPRESSION_TYPE_CONFIG, config.kafka().compression().producerValue());
        // Bounded memory: at most this many bytes of unsent records (send() blocks beyond it), in batches of at
        // most 128 KiB (a larger record travels in a batch of its own), in requests of at most the pipeline's
        // limit, which the change topics are created with too (kafka.maxMessageBytes).
        int limit = config.kafka().kafkaLimitBytes();
        p.setProperty(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(Math.max(DebeziumProperties.PRODUCER_BUFFER_BYTES, 2L * limit)));
        p.setProperty(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(128 * 1024));
        p.setProperty(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(limit));
        // A broker outage surfaces within about 30 s as a retriable error, which the retry policy waits out
        // (capture.retry) and logs, instead of the client retrying silently for minutes.
        p.setProperty(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
        p.setProperty(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        p.setProperty(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        return p;
    }
}
