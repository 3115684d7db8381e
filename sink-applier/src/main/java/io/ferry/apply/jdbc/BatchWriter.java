package io.ferry.apply.jdbc;

import io.ferry.apply.ApplierStats;
import io.ferry.apply.ApplyBatch;
import io.ferry.apply.BatchSink;
import io.ferry.apply.ApplyStoppedException;
import io.ferry.apply.DeadLetter;
import io.ferry.apply.DeadLetters;
import io.ferry.apply.PartitionKey;
import io.ferry.apply.PartitionMembership;
import io.ferry.core.event.ChangeEventCodec;
import io.ferry.core.value.LogicalType;
import io.ferry.core.value.jdbc.CanonicalReader;
import io.ferry.core.value.jdbc.ColumnTypes;
import io.ferry.core.value.jdbc.Engine;
import io.ferry.core.config.ErrorPolicy;
import io.ferry.core.event.ChangeEvent;
import io.ferry.core.schema.TableId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.ResultSet;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one {@link ApplyBatch} to PostgreSQL in one transaction together with the partitions'
 * progress. Transient failures are retried with back-off; when the batch contains a record the
 * target rejects, the batch is written again change by change under savepoints so the bad ones are
 * isolated, sent to the dead-letter topic (or stop the applier), and the rest commits.
 */
public final class BatchWriter implements BatchSink {

    private static final Logger LOG = LoggerFactory.getLogger(BatchWriter.class);
    private static final int MAX_ATTEMPTS = 8;

    /** Opens connections to the target. */
    public interface ConnectionFactory {
        Connection open() throws SQLException;
    }

    private final ConnectionFactory connections;
    private final TargetCatalog catalog;
    private final AppliedOffsetStore offsets;
    private final DeadLetters deadLetters;
    private final ErrorPolicy policy;
    private final ApplierStats stats;
    private final PartitionMembership membership;
    private Connection connection;

    public BatchWriter(ConnectionFactory connections, TargetCatalog catalog, AppliedOffsetStore offsets,
            DeadLetters deadLetters, ErrorPolicy policy, ApplierStats stats, PartitionMembership membership) {
        this.membership = membership;
        this.connections = connections;
        this.catalog = catalog;
        this.offsets = offsets;
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
        Connection c = connection();
        try {
            Map<io.ferry.apply.PartitionKey, io.ferry.apply.Progress> m = offsets.load(c);
            c.commit();
            return m;
        } catch (SQLException e) {
            rollbackQuietly();
            closeQuietly();
            throw e;
        }
    }

    @Override
    public void write(ApplyBatch batch) {
        if (batch.isEmpty()) {
            return;
        }
        SQLException last = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            try {
                attempt(batch);
                return;
            } catch (SQLException e) {
                rollbackQuietly();
                last = e;
                SqlErrors.Kind kind = SqlErrors.classify(e);
                if (kind == SqlErrors.Kind.PERMANENT) {
                    throw new ApplyStoppedException("target refused the batch (SQLState " + e.getSQLState() + "): " + e.getMessage(), e);
                }
                if (kind == SqlErrors.Kind.POISON) {
                    try {
                        attemptIsolated(batch);
                        return;
                    } catch (SQLException e2) {
                        rollbackQuietly();
                        last = e2;
                        if (SqlErrors.classify(e2) != SqlErrors.Kind.RETRIABLE) {
                            throw new ApplyStoppedException("target refused the batch (SQLState " + e2.getSQLState() + "): " + e2.getMessage(), e2);
                        }
                    }
                }
                LOG.warn("applying a batch failed (attempt {} of {}), retrying: {}", attempt, MAX_ATTEMPTS, e.getMessage());
                closeQuietly();
                sleep(Math.min(10_000L, 100L << attempt));
            }
        }
        throw new ApplyStoppedException("target still failing after " + MAX_ATTEMPTS + " attempts: " + last.getMessage(), last);
    }

    private void attempt(ApplyBatch batch) throws SQLException {
        Connection c = connection();
        truncate(c, batch);
        List<DeadLetter> dead = new ArrayList<>(batch.unreadable());
        for (var table : batch.changesByTable().entrySet()) {
            TargetTable t = catalog.table(c, table.getKey());
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
                try (PreparedStatement ps = c.prepareStatement(PostgresDialect.delete(t))) {
                    for (ApplyBatch.Entry e : deletes) {
                        bindDelete(ps, t, e.event());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            for (var group : upserts.entrySet()) {
                try (PreparedStatement ps = c.prepareStatement(PostgresDialect.upsert(t, group.getKey()))) {
                    for (ApplyBatch.Entry e : group.getValue()) {
                        bindUpsert(ps, group.getKey(), e.event());
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
        truncate(c, batch);
        List<DeadLetter> dead = new ArrayList<>(batch.unreadable());
        for (var table : batch.changesByTable().entrySet()) {
            TargetTable t = catalog.table(c, table.getKey());
            for (ApplyBatch.Entry e : table.getValue()) {
                DeadLetter unfit = unfit(t, e);
                if (unfit != null) {
                    dead.add(unfit);
                    continue;
                }
                Savepoint sp = c.setSavepoint();
                try {
                    String sql = e.event().isDelete() ? PostgresDialect.delete(t) : PostgresDialect.upsert(t, t.writable(e.event().after().keySet()));
                    try (PreparedStatement ps = c.prepareStatement(sql)) {
                        if (e.event().isDelete()) {
                            bindDelete(ps, t, e.event());
                        } else {
                            bindUpsert(ps, t.writable(e.event().after().keySet()), e.event());
                        }
                        ps.executeUpdate();
                    }
                    c.releaseSavepoint(sp);
                } catch (SQLException ex) {
                    if (SqlErrors.classify(ex) != SqlErrors.Kind.POISON) {
                        throw ex;
                    }
                    c.rollback(sp);
                    dead.add(letter(e, "target table " + t.id() + " rejected the change (SQLState " + ex.getSQLState() + "): " + firstLine(ex.getMessage())));
                }
            }
        }
        finish(c, batch, dead);
    }

    /**
     * Carries out the batch's truncate markers. All partitions of a table at once is a plain DELETE;
     * otherwise only the rows whose key the producer would send to a marked partition go, which
     * means reading the target's keys (rare: a source TRUNCATE or a snapshot run again).
     */
    private void truncate(Connection c, ApplyBatch batch) throws SQLException {
        for (var e : batch.truncations().entrySet()) {
            TargetTable t = catalog.table(c, e.getKey());
            Set<PartitionKey> parts = e.getValue();
            String topic = parts.iterator().next().topic();
            if (parts.size() >= membership.partitionCount(topic)) {
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("DELETE FROM " + PostgresDialect.qualified(t));
                }
                continue;
            }
            List<Map<String, String>> doomed = new ArrayList<>();
            String sql = "SELECT " + t.primaryKey().stream().map(PostgresDialect::quote).collect(Collectors.joining(", "))
                    + " FROM " + PostgresDialect.qualified(t);
            List<LogicalType> types = t.primaryKey().stream().map(k -> ColumnTypes.fromPostgres(t.columnTypes().get(k))).toList();
            try (Statement s = c.createStatement()) {
                s.setFetchSize(10_000);
                try (ResultSet rs = s.executeQuery(sql)) {
                    while (rs.next()) {
                        Map<String, String> key = new LinkedHashMap<>();
                        for (int i = 0; i < types.size(); i++) {
                            key.put(t.primaryKey().get(i), CanonicalReader.read(rs, i + 1, types.get(i), Engine.POSTGRESQL));
                        }
                        byte[] bytes = ChangeEventCodec.encodeKey(key);
                        if (parts.stream().anyMatch(p -> membership.belongs(p, bytes))) {
                            doomed.add(key);
                        }
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(PostgresDialect.delete(t))) {
                for (Map<String, String> key : doomed) {
                    int i = 1;
                    for (String col : t.primaryKey()) {
                        setText(ps, i++, key.get(col));
                    }
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            LOG.info("truncate marker for {} on {}: removed {} rows", t.id(), parts, doomed.size());
        }
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

    private static DeadLetter unfit(TargetTable t, ApplyBatch.Entry e) {
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

    private static void bindUpsert(PreparedStatement ps, List<String> columns, ChangeEvent e) throws SQLException {
        int i = 1;
        for (String col : columns) {
            setText(ps, i++, e.after().get(col));
        }
    }

    private static void bindDelete(PreparedStatement ps, TargetTable t, ChangeEvent e) throws SQLException {
        int i = 1;
        for (String col : t.primaryKey()) {
            setText(ps, i++, e.key().get(col));
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

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApplyStoppedException("interrupted while waiting to retry", e);
        }
    }

    @Override
    public void close() {
        closeQuietly();
    }
}
