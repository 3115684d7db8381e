package io.ferry.orchestrator.reverse;

import io.ferry.apply.dialect.TargetDialects;
import io.ferry.apply.dialect.TargetTable;
import io.ferry.apply.jdbc.AppliedOffsetStore;
import io.ferry.apply.jdbc.TargetCatalog;
import io.ferry.apply.jdbc.TargetConnections;
import io.ferry.apply.streams.ApplierService;
import io.ferry.capture.DebeziumProperties;
import io.ferry.capture.PostgresSlot;
import io.ferry.capture.SourceTables;
import io.ferry.core.config.PipelineConfig;
import io.ferry.core.schema.TableId;
import io.ferry.core.topic.TopicNames;
import io.ferry.orchestrator.pipeline.LocalPipeline;
import io.ferry.orchestrator.schema.MySqlCatalogReader;
import io.ferry.orchestrator.schema.MySqlTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reverse replication of one migration, run in this process: capture on the PostgreSQL target through a slot and
 * publication of its own, and an applier writing to the MySQL/MariaDB source, as the pipeline {@link ReversePipeline}
 * derives (docs/rollback.md). {@link #prepare} creates the slot (in the cutover's freeze, so it holds every write made
 * on the target after the flip and none that Ferry made before) and checks that every source table can take the
 * writes; {@link #start} runs capture and applier; {@link #teardown} ends it and removes the slot, the publication, the
 * change topics and the consumer group, never a user's table or row.
 */
public final class ReverseReplication implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReverseReplication.class);

    private final PipelineConfig forward;
    private final PipelineConfig reverse;
    private LocalPipeline pipeline;

    public ReverseReplication(PipelineConfig forward) {
        this.forward = forward;
        this.reverse = ReversePipeline.of(forward);
    }

    public PipelineConfig config() {
        return reverse;
    }

    public PipelineConfig forward() {
        return forward;
    }

    /** The forward pipeline's tables as the target names them (its schema, names as the forward path shortened them). */
    public List<TableId> targetTables() throws SQLException {
        try (Connection c = SourceTables.connect(forward.source())) {
            return MySqlCatalogReader.readSelected(c, forward).stream()
                    .map(t -> TableId.of(reverse.source().namespace(), io.ferry.core.schema.TargetNames.shorten(t.id().table())))
                    .toList();
        }
    }

    /**
     * What keeps a source table from taking the reverse writes, one line per table: missing, without a primary key,
     * with a secondary unique index ({@link io.ferry.apply.dialect.MySqlTargetDialect#refusal}). Empty when all can.
     * Reads only: a dry run calls it, and a DDL statement on the source would be a transaction that capture's position
     * does not count as done until the next one, which would hold up the next cutover's drain.
     */
    public List<String> problems() throws SQLException {
        List<String> problems = new ArrayList<>();
        var dialect = TargetDialects.of(reverse.target().kind());
        try (Connection c = TargetConnections.open(reverse.target(), "ferry-reverse-check")) {
            TargetCatalog catalog = new TargetCatalog(dialect, reverse.target().schema());
            List<MySqlTable> tables;
            try (Connection s = SourceTables.connect(forward.source())) {
                tables = MySqlCatalogReader.readSelected(s, forward);
            }
            for (MySqlTable t : tables) {
                try {
                    TargetTable table = catalog.table(c, TableId.of(reverse.source().namespace(), t.id().table()));
                    LOG.debug("reverse target {} accepted (key {})", table.id(), table.primaryKey());
                } catch (io.ferry.apply.jdbc.TargetSchemaException e) {
                    problems.add(e.getMessage());
                }
            }
        }
        return problems;
    }

    /**
     * Creates the {@code ferry} bookkeeping database and its {@code applied_offsets} table on the source, unless they
     * exist, which proves Ferry's account may write there. Only the cutover's step runs it, never its dry run.
     */
    public void ensureBookkeeping() throws SQLException {
        var dialect = TargetDialects.of(reverse.target().kind());
        try (Connection c = TargetConnections.open(reverse.target(), "ferry-reverse-check")) {
            new AppliedOffsetStore(dialect, ApplierService.applicationId(reverse)).ensureSchema(c);
        }
    }

    /**
     * Creates the publication for the target tables and the slot, unless they exist.
     *
     * @return the slot's position
     */
    public String prepare() throws SQLException {
        return PostgresSlot.create(reverse.source(), reverse.name(), targetTables());
    }

    /** Whether the slot exists on the target. */
    public boolean prepared() throws SQLException {
        return PostgresSlot.slotExists(reverse.source(), reverse.name());
    }

    /** Starts capture and applier of the reverse pipeline in this process, unless they run. */
    public synchronized void start() {
        if (pipeline == null) {
            LOG.info("reverse replication of {} starts: {} to {} through topics {}.*", forward.name(),
                    reverse.source().host() + ":" + reverse.source().port() + "/" + reverse.source().database(),
                    reverse.target().host() + ":" + reverse.target().port() + "/" + reverse.target().database(),
                    reverse.kafka().topicPrefix());
            pipeline = new LocalPipeline(reverse).start();
        }
    }

    public synchronized boolean running() {
        return pipeline != null;
    }

    /** The running pipeline, or null. */
    public synchronized LocalPipeline pipeline() {
        return pipeline;
    }

    /** Why capture or applier stopped, or null. */
    public synchronized Throwable failure() {
        return pipeline == null ? null : pipeline.failure();
    }

    /** Capture's newest acknowledged offset on the target (empty before it started). */
    public synchronized Map<String, ?> captureOffset() {
        return pipeline == null ? Map.of() : pipeline.capture().stats().lastAckedOffset();
    }

    /**
     * Whether capture reads the slot: it delivered a change, or a heartbeat's position (every
     * {@code capture.heartbeatIntervalMs}, also while no one writes on the target) was acknowledged.
     */
    public synchronized boolean streaming() {
        return pipeline != null && (pipeline.capture().stats().streaming() || !pipeline.capture().stats().lastAckedOffset().isEmpty());
    }

    /**
     * The reverse lag as the applier measured it with its last batch: from a change's commit on the target to its
     * commit on the source, in milliseconds; -1 before any.
     */
    public synchronized long lagMillis() {
        return pipeline == null ? -1 : pipeline.applier().stats().lastLagMillis();
    }

    /** Stops capture and applier (the slot keeps what comes after; a later start resumes from it). */
    public synchronized void stop() {
        if (pipeline != null) {
            pipeline.close();
            pipeline = null;
        }
    }

    /**
     * Ends reverse replication for good: stops it, drops the slot and the publication on the target, deletes the reverse
     * change topics, schema history topic and the applier's consumer group. Idempotent.
     *
     * @return what was done, one line each
     */
    public List<String> teardown() throws Exception {
        stop();
        List<String> done = new ArrayList<>();
        done.add(dropSlot());
        done.addAll(deleteTopicsAndGroup(reverse));
        return done;
    }

    /** The slot stays active for a moment after capture stopped (object_in_use, 55006): tried again for up to 30 s. */
    private String dropSlot() throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return PostgresSlot.drop(reverse.source(), reverse.name());
            } catch (SQLException e) {
                if (!"55006".equals(e.getSQLState()) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    /** Deletes a pipeline's change topics, its schema history topic and its applier's consumer group, where they exist. */
    public static List<String> deleteTopicsAndGroup(PipelineConfig config) throws Exception {
        Properties p = new Properties();
        p.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        p.putAll(config.kafka().clientConfig());
        List<String> done = new ArrayList<>();
        try (Admin admin = Admin.create(p)) {
            java.util.regex.Pattern changes = TopicNames.pipelineTopicPattern(config);
            String history = DebeziumProperties.schemaHistoryTopic(config);
            Set<String> topics = admin.listTopics().names().get().stream()
                    .filter(t -> changes.matcher(t).matches() || t.equals(history)).collect(Collectors.toCollection(java.util.TreeSet::new));
            if (!topics.isEmpty()) {
                admin.deleteTopics(topics).all().get();
            }
            done.add("deleted topics " + (topics.isEmpty() ? "(none left)" : String.join(", ", topics)));
            String group = ApplierService.applicationId(config);
            boolean exists = admin.listConsumerGroups().all().get().stream().anyMatch(g -> g.groupId().equals(group));
            if (exists) {
                deleteGroup(admin, group);
            }
            done.add((exists ? "deleted" : "found no") + " consumer group " + group);
        }
        return done;
    }

    /** A group whose members left a moment ago may still count as not empty: tried again for up to 30 s. */
    private static void deleteGroup(Admin admin, String group) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                admin.deleteConsumerGroups(List.of(group)).all().get();
                return;
            } catch (java.util.concurrent.ExecutionException e) {
                boolean notEmpty = e.getCause() instanceof org.apache.kafka.common.errors.GroupNotEmptyException;
                if (!notEmpty || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
    }

    /**
     * Exports reverse replication's state beside the forward pipeline's meters, labelled with the forward pipeline's
     * name: {@code ferry_reverse_running}, {@code ferry_reverse_lag_seconds} (docs/metrics.md).
     */
    public void bindMetrics(io.micrometer.core.instrument.MeterRegistry registry) {
        io.micrometer.core.instrument.Gauge.builder("ferry_reverse_running", this, r -> r.running() && r.failure() == null ? 1 : 0)
                .description("1 while reverse replication runs in this coordinator without failure, else 0")
                .tag("pipeline", forward.name()).register(registry);
        io.micrometer.core.instrument.Gauge.builder("ferry_reverse_lag_seconds", this, r -> {
                    long ms = r.lagMillis();
                    return ms < 0 ? Double.NaN : ms / 1000.0;
                }).description("time from a change's commit on the target to its commit on the source, for the newest change of the "
                        + "reverse applier's last batch; NaN before any").baseUnit("seconds")
                .tag("pipeline", forward.name()).register(registry);
    }

    @Override
    public void close() {
        stop();
    }
}
