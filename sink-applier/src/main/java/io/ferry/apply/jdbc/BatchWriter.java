package io.ferry.apply.jdbc;

import io.ferry.apply.ApplierStats;
import io.ferry.apply.ApplyBatch;
import io.ferry.apply.BatchSink;
import io.ferry.apply.ApplyStoppedException;
import io.ferry.apply.DeadLetter;
import io.ferry.apply.DeadLetters;
import io.ferry.apply.PartitionMembership;
import io.ferry.apply.dialect.SqlErrorKind;
import io.ferry.apply.dialect.TargetDialect;
import io.ferry.apply.dialect.TargetTable;
import io.ferry.core.config.ErrorPolicy;
import io.ferry.core.retry.RetryPolicy;
import io.ferry.core.event.ChangeEvent;
import io.ferry.core.event.SourcePosition;
import io.ferry.core.schema.TableId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one {@link ApplyBatch} to the target (in its {@link TargetDialect}) in one transaction together with the partitions'
 * progress. When the batch contains a record the target rejects, the batch is written again change
 * by change under savepoints so the bad ones are isolated, sent to the dead-letter topic (or stop the
 * applier), and the rest commits. Whether a failure is retried, how long and how often is not decided
 * here but by the {@link RetryPolicy} it is given (a target outage is waited out; a permanent error stops).
 */
public final class BatchWriter implements BatchSink {

    private static final Logger LOG = LoggerFactory.getLogger(BatchWriter.class);

    /** Opens connections to the target. */
    public interface ConnectionFactory {
        Connection open() throws SQLException;
    }

    private final ConnectionFactory connections;
    private final TargetCatalog catalog;
    private final TargetDialect dialect;
    private final AppliedOffsetStore offsets;
    private final DeadLetters deadLetters;
    private final ErrorPolicy policy;
    private final ApplierStats stats;
    private final TruncateMarkers truncates;
    private final RetryPolicy retry;
    private final SchemaEvolution evolution;
    private final SchemaChangeLog schemaChanges;
    private boolean schemaChangesReady;
    private Connection connection;

    public BatchWriter(ConnectionFactory connections, TargetCatalog catalog, AppliedOffsetStore offsets,
            DeadLetters deadLetters, ErrorPolicy policy, ApplierStats stats, PartitionMembership membership, RetryPolicy retry) {
        this(connections, catalog, offsets, deadLetters, policy, stats, membership, retry,
                new SchemaEvolution(catalog.dialect(), new io.ferry.core.schema.mapping.TypeMapper(io.ferry.core.config.TypesConfig.DEFAULTS)));
    }

    /** @param evolution what a source schema change means for the target, under the pipeline's type mapping */
    public BatchWriter(ConnectionFactory connections, TargetCatalog catalog, AppliedOffsetStore offsets,
            DeadLetters deadLetters, ErrorPolicy policy, ApplierStats stats, PartitionMembership membership, RetryPolicy retry,
            SchemaEvolution evolution) {
        this.evolution = evolution;
        this.truncates = new TruncateMarkers(catalog, membership);
        this.retry = retry;
        this.connections = connections;
        this.catalog = catalog;
        this.dialect = catalog.dialect();
        this.offsets = offsets;
        this.schemaChanges = new SchemaChangeLog(catalog.dialect(), offsets.applier());
        this.deadLetters = deadLetters;
        this.policy = policy;
        this.stats = stats;
    }

    /** The open connection, opened on first use (also used to read the recorded progress). */
    public Connection connection() throws SQLException {
        if (connection == null || connection.isClosed()) {
            connection = connections.open();
            connection.setAutoCommit(false);
        }
        return connection;
    }

    @Override
    public Map<io.ferry.apply.PartitionKey, io.ferry.apply.Progress> recordedProgress() throws SQLException {
        return retrying("reading the applied offsets from the target", () -> {
            Connection c = connection();
            Map<io.ferry.apply.PartitionKey, io.ferry.apply.Progress> m = offsets.load(c);
            c.commit();
            return m;
        });
    }

    @Override
    public void write(ApplyBatch batch) {
        if (batch.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        try {
            retrying("writing a batch of " + batch.received() + " changes to the target", () -> {
                writeOnce(batch);
                return null;
            });
            stats.recordWritten(batch.received(), System.nanoTime() - started);
        } catch (SQLException e) {
            throw new ApplyStoppedException("target refused the batch (SQLState " + e.getSQLState() + "): " + e.getMessage(), e);
        }
    }

    @Override
    public void applySchema(ApplyBatch.Entry change) {
        ChangeEvent e = change.event();
        try {
            retrying("applying a schema change of " + e.table() + " to the target", () -> {
                applySchemaOnce(e);
                return null;
            });
        } catch (SQLException ex) {
            throw new ApplyStoppedException("the target refused the schema change of table " + e.table() + " at "
                    + e.position().describe() + " (" + e.schemaChange().statement().strip() + ") (SQLState " + ex.getSQLState()
                    + "): " + firstLine(ex.getMessage()), ex);
        }
    }

    /**
     * Plans against the target as it is now and runs the plan in one transaction, with the change's position
     * recorded in {@link SchemaChangeLog}. A change at or before the last one carried for its table (sent to every
     * partition, it arrives once per partition, and partitions run apart) is passed over. No progress is recorded:
     * the next batch records the partition's progress past it.
     */
    private void applySchemaOnce(ChangeEvent e) throws SQLException {
        Connection c = connection();
        if (!schemaChangesReady) {
            schemaChanges.ensureSchema(c);
            schemaChangesReady = true;
        }
        SourcePosition last = schemaChanges.lockLast(c, e.table());
        if (SchemaChangeLog.covered(last, e.position())) {
            c.commit();
            // Another task carried it (or a later one): this task's picture of the table is old all the same.
            catalog.forget(e.table());
            LOG.debug("table {}: the schema change at {} is covered by the one at {} already carried", e.table(),
                    e.position().describe(), last.describe());
            return;
        }
        SchemaEvolution.Decision d = evolution.plan(e, TargetShapes.read(dialect, c, catalog.targetId(e.table())));
        if (d.stops()) {
            rollbackQuietly();
            throw new ApplyStoppedException(d.stop(), null);
        }
        try (java.sql.Statement s = c.createStatement()) {
            for (String sql : d.statements()) {
                s.execute(sql);
            }
        }
        schemaChanges.record(c, e.table(), e.position(), e.schemaChange().statement().strip());
        c.commit();
        catalog.forget(e.table());
        if (!d.statements().isEmpty()) {
            LOG.info("table {}: applied the schema change at {} ({}) to the target: {}", e.table(), e.position().describe(),
                    e.schemaChange().statement().strip(), String.join("; ", d.statements()));
        }
    }

    /** One try: the fast path, and when a record is rejected, the slow path that isolates it. */
    private void writeOnce(ApplyBatch batch) throws SQLException {
        try {
            attempt(batch);
        } catch (SQLException e) {
            rollbackQuietly();
            if (dialect.classify(e) != SqlErrorKind.POISON) {
                throw e;
            }
            try {
                attemptIsolated(batch);
            } catch (SQLException e2) {
                rollbackQuietly();
                throw e2;
            }
        }
    }

    /**
     * With assertions enabled (as in tests), pgjdbc reports a connection cut in the middle of a batch as an
     * AssertionError from inside the driver instead of an SQLException; it is the same lost connection.
     */
    private SQLException connectionLost(AssertionError e) {
        StackTraceElement[] at = e.getStackTrace();
        if (at.length == 0 || !dialect.isDriverFrame(at[0].getClassName())) {
            throw e;
        }
        return new SQLException("the connection to the target broke during a batch: " + e.getMessage(), "08006", e);
    }

    /** Runs {@code attempt} under the retry policy; a failed try leaves no transaction and no connection behind. */
    private <T> T retrying(String what, RetryPolicy.Attempt<T, SQLException> attempt) throws SQLException {
        try {
            return retry.call(what, () -> {
                try {
                    return attempt.run();
                } catch (AssertionError e) {
                    throw connectionLost(e);
                }
            }, () -> {
                stats.recordRetry();
                rollbackQuietly();
                closeQuietly();
            });
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly();
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApplyStoppedException("stopped while waiting for the target; the uncommitted batch is applied on the next start", e);
        }
    }

    private void attempt(ApplyBatch batch) throws SQLException {
        Connection c = connection();
        truncates.apply(c, batch);
        List<DeadLetter> dead = new ArrayList<>(batch.unreadable());
        for (var table : batch.changesByTable().entrySet()) {
            TargetTable t = current(c, table.getKey(), table.getValue());
            List<ApplyBatch.Entry> deletes = new ArrayList<>();
            Map<List<String>, List<ApplyBatch.Entry>> upserts = new LinkedHashMap<>();
            for (ApplyBatch.Entry e : table.getValue()) {
                DeadLetter unfit = unfit(t, e);
                if (unfit != null) {
                    dead.add(unfit);
                } else if (e.event().isDelete()) {
                    deletes.add(e);
                } else {
                    upserts.computeIfAbsent(t.writable(e.event().after().keySet()), k -> new ArrayList<>()).add(e);
                }
            }
            // Deletes first: a row that moved to a new key must leave before its new version arrives.
            if (!deletes.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement(dialect.delete(t))) {
                    for (ApplyBatch.Entry e : deletes) {
                        bindDelete(dialect, ps, t, e.event());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            for (var group : upserts.entrySet()) {
                try (PreparedStatement ps = c.prepareStatement(dialect.upsert(t, group.getKey()))) {
                    for (ApplyBatch.Entry e : group.getValue()) {
                        bindUpsert(dialect, ps, t, group.getKey(), e.event());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
        }
        finish(c, batch, dead);
    }

    /** The slow path: every change under its own savepoint, so a rejected one does not sink the batch. */
    private void attemptIsolated(ApplyBatch batch) throws SQLException {
        Connection c = connection();
        truncates.apply(c, batch);
        List<DeadLetter> dead = new ArrayList<>(batch.unreadable());
        for (var table : batch.changesByTable().entrySet()) {
            TargetTable t = current(c, table.getKey(), table.getValue());
            for (ApplyBatch.Entry e : table.getValue()) {
                DeadLetter unfit = unfit(t, e);
                if (unfit != null) {
                    dead.add(unfit);
                    continue;
                }
                Savepoint sp = c.setSavepoint();
                try {
                    String sql = e.event().isDelete() ? dialect.delete(t) : dialect.upsert(t, t.writable(e.event().after().keySet()));
                    try (PreparedStatement ps = c.prepareStatement(sql)) {
                        if (e.event().isDelete()) {
                            bindDelete(dialect, ps, t, e.event());
                        } else {
                            bindUpsert(dialect, ps, t, t.writable(e.event().after().keySet()), e.event());
                        }
                        ps.executeUpdate();
                    }
                    c.releaseSavepoint(sp);
                } catch (SQLException ex) {
                    if (dialect.classify(ex) != SqlErrorKind.POISON) {
                        throw ex;
                    }
                    c.rollback(sp);
                    dead.add(letter(e, "target table " + t.id() + " rejected the change (SQLState " + ex.getSQLState() + "): " + firstLine(ex.getMessage())));
                }
            }
        }
        finish(c, batch, dead);
    }

    private void finish(Connection c, ApplyBatch batch, List<DeadLetter> dead) throws SQLException {
        if (!dead.isEmpty()) {
            if (policy == ErrorPolicy.STOP) {
                rollbackQuietly();
                DeadLetter first = dead.get(0);
                throw new ApplyStoppedException("stopping on a record that cannot be applied (on-error: stop): "
                        + first.topic() + "-" + first.partition() + "@" + first.offset()
                        + (first.table() == null ? "" : " table " + first.table()) + ": " + first.reason()
                        + (dead.size() > 1 ? " (and " + (dead.size() - 1) + " more)" : ""), null);
            }
            // Stored before the commit: a crash in between replays the batch and dead-letters it again, never loses it.
            deadLetters.publish(dead);
            stats.recordDeadLetters(dead.size());
            for (DeadLetter d : dead) {
                LOG.warn("dead-lettered {}-{}@{} {}: {}", d.topic(), d.partition(), d.offset(), d.table() == null ? "" : d.table(), d.reason());
            }
        }
        offsets.record(c, batch.progress());
        c.commit();
        stats.recordCommitted(batch, System.currentTimeMillis());
    }

    /**
     * The target table, read again when a change has a column the cached shape lacks: the target may have been
     * changed since (by hand, or by another applier task's schema change), and a row is never parked because
     * the applier's picture of the target is old.
     */
    private TargetTable current(Connection c, TableId table, List<ApplyBatch.Entry> changes) throws SQLException {
        TargetTable t = catalog.table(c, table);
        if (changes.stream().allMatch(e -> missingColumn(t, e) == null)) {
            return t;
        }
        catalog.forget(table);
        TargetTable again = catalog.table(c, table);
        for (ApplyBatch.Entry e : changes) {
            String missing = missingColumn(again, e);
            if (missing != null) {
                rollbackQuietly();
                throw new ApplyStoppedException("the change of table " + table + " at " + e.event().position().describe()
                        + " (" + e.partition().topic() + "-" + e.partition().partition() + "@" + e.offset() + ") has column " + missing
                        + ", which target table " + again.id() + " does not have: the schema change that added it did not reach "
                        + "the target. Add the column to the target table (docs/schema-changes.md) and start the applier again", null);
            }
        }
        return again;
    }

    /** A column of the change's row image that the target table lacks, or null. */
    private static String missingColumn(TargetTable t, ApplyBatch.Entry e) {
        Map<String, String> image = e.event().isDelete() ? e.event().key() : e.event().after();
        return image.keySet().stream().filter(col -> !t.hasColumn(col)).findFirst().orElse(null);
    }

    static DeadLetter unfit(TargetTable t, ApplyBatch.Entry e) {
        Map<String, String> image = e.event().isDelete() ? e.event().key() : e.event().after();
        for (String col : image.keySet()) {
            if (!t.hasColumn(col)) {
                return letter(e, "column " + col + " does not exist in target table " + t.id());
            }
        }
        for (String col : t.primaryKey()) {
            if (!image.containsKey(col)) {
                return letter(e, "change has no value for key column " + col + " of target table " + t.id());
            }
        }
        return null;
    }

    private static DeadLetter letter(ApplyBatch.Entry e, String reason) {
        TableId table = e.event().table();
        return new DeadLetter(e.partition().topic(), e.partition().partition(), e.offset(), e.rawKey(), e.rawValue(),
                table.toString(), reason);
    }

    static void bindUpsert(TargetDialect dialect, PreparedStatement ps, TargetTable t, List<String> columns, ChangeEvent e)
            throws SQLException {
        int i = 1;
        for (String col : columns) {
            setText(ps, i++, bindText(dialect, t, col, e.after().get(col)));
        }
    }

    static void bindDelete(TargetDialect dialect, PreparedStatement ps, TargetTable t, ChangeEvent e) throws SQLException {
        int i = 1;
        for (String col : t.primaryKey()) {
            setText(ps, i++, bindText(dialect, t, col, e.key().get(col)));
        }
    }

    /**
     * A value the target column cannot hold (MySQL has no NaN) is a data exception (SQLState 22000), which the
     * dialects sort as a poison record: the isolating path dead-letters it with this reason.
     */
    private static String bindText(TargetDialect dialect, TargetTable t, String column, String canonical) throws SQLException {
        try {
            return dialect.bindText(t.columnTypes().get(column), canonical, t.id() + "." + column);
        } catch (IllegalArgumentException ex) {
            throw new SQLException(ex.getMessage(), "22000", ex);
        }
    }

    private static void setText(PreparedStatement ps, int i, String v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.VARCHAR);
        } else {
            ps.setString(i, v);
        }
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse(s);
    }

    private void rollbackQuietly() {
        try {
            if (connection != null && !connection.isClosed()) {
                connection.rollback();
            }
        } catch (SQLException ignored) {
            // the connection is likely gone; it is reopened on the next attempt
        }
    }

    private void closeQuietly() {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException ignored) {
            // closing a broken connection
        }
        connection = null;
    }

    @Override
    public void close() {
        closeQuietly();
    }
}
