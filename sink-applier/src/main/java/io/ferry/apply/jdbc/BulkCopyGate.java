package io.ferry.apply.jdbc;

import io.ferry.apply.ApplyBatch;
import io.ferry.apply.ApplyStoppedException;
import io.ferry.apply.BatchSink;
import io.ferry.apply.PartitionKey;
import io.ferry.apply.Progress;
import io.ferry.core.retry.RetryPolicy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds back a batch that changes a table whose bulk copy (capture's {@code snapshotMode: bulk}) is not committed
 * yet, until it is: capture streams from the bulk load's cut while the copy runs, and a change applied before its
 * table's rows are copied would collide with them. Nothing is dropped or skipped: the batch waits whole, and is
 * written once every table it touches is marked copied in {@code ferry.bulk_tables}. A pipeline without a recorded
 * bulk load, or whose load has finished, passes at once; from then on the gate stays open without asking.
 */
public final class BulkCopyGate implements BatchSink {

    private static final Logger LOG = LoggerFactory.getLogger(BulkCopyGate.class);
    private static final String STATE = "SELECT l.finished_at IS NOT NULL, t.source_table, t.copied_at IS NOT NULL FROM ferry.bulk_loads l "
            + "LEFT JOIN ferry.bulk_tables t ON t.pipeline = l.pipeline WHERE l.pipeline = ?";

    private final BatchSink delegate;
    private final BatchWriter.ConnectionFactory connections;
    private final String pipeline;
    private final RetryPolicy.Sleeper sleeper;
    private final Duration poll;
    private final Set<String> copied = new HashSet<>();
    private boolean open;

    public BulkCopyGate(BatchSink delegate, BatchWriter.ConnectionFactory connections, String pipeline, RetryPolicy.Sleeper sleeper,
                        Duration poll) {
        this.delegate = delegate;
        this.connections = connections;
        this.pipeline = pipeline;
        this.sleeper = sleeper;
        this.poll = poll;
    }

    @Override
    public void write(ApplyBatch batch) {
        if (!open && !batch.isEmpty()) {
            awaitCopied(batch);
        }
        delegate.write(batch);
    }

    /**
     * A schema change of a table waits for its copy like its rows do: the copy writes the table in the shape it was
     * read in, and the change must reach the target after it.
     */
    @Override
    public void applySchema(ApplyBatch.Entry change) {
        if (!open) {
            Set<String> tables = new LinkedHashSet<>();
            tables.add(change.event().table().toString());
            awaitCopied(tables, "a schema change");
        }
        delegate.applySchema(change);
    }

    private void awaitCopied(ApplyBatch batch) {
        Set<String> tables = new LinkedHashSet<>();
        batch.changesByTable().keySet().forEach(t -> tables.add(t.toString()));
        batch.truncations().keySet().forEach(t -> tables.add(t.toString()));
        awaitCopied(tables, "a batch of " + batch.received() + " changes");
    }

    private void awaitCopied(Set<String> tables, String what) {
        tables.removeAll(copied);
        boolean held = false;
        long since = System.nanoTime();
        while (!open && !tables.isEmpty()) {
            Set<String> pending = pending();
            if (pending == null) {
                continue; // the target could not be asked; pending() waited a moment
            }
            Set<String> waiting = new TreeSet<>(tables);
            waiting.retainAll(pending);
            tables.stream().filter(t -> !pending.contains(t)).forEach(copied::add);
            tables.retainAll(waiting);
            if (tables.isEmpty()) {
                break;
            }
            if (!held) {
                held = true;
                LOG.info("applier of pipeline {} holds {} until the bulk copy of {} is committed", pipeline, what, waiting);
            }
            pause();
        }
        if (held) {
            LOG.info("applier of pipeline {}: bulk copy committed, applying what it held after {} s", pipeline,
                    (System.nanoTime() - since) / 1_000_000_000L);
        }
    }

    /**
     * Whether a bulk load of {@code pipeline} is recorded in the target and has not finished: its tables are partly copied,
     * so comparing them with the source says nothing yet. False where the target has no record of bulk loads.
     */
    public static boolean loadUnfinished(Connection c, String pipeline) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT finished_at IS NULL FROM ferry.bulk_loads WHERE pipeline = ?")) {
            ps.setString(1, pipeline);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState()) || "42S02".equals(e.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    /** The pipeline's tables whose copy is not committed, or null after a failed read (having waited). */
    private Set<String> pending() {
        try (Connection c = connections.open(); PreparedStatement ps = c.prepareStatement(STATE)) {
            ps.setString(1, pipeline);
            Set<String> pending = new HashSet<>();
            boolean any = false;
            boolean finished = false;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    any = true;
                    finished = rs.getBoolean(1);
                    if (rs.getString(2) != null && !rs.getBoolean(3)) {
                        pending.add(rs.getString(2));
                    }
                }
            }
            if (!any || finished) {
                open = true;
            }
            return open ? Set.of() : pending;
        } catch (SQLException e) {
            // No ferry.bulk_loads (PostgreSQL 42P01, MySQL 42S02, a reverse replication's target): never bulk-loaded.
            if ("42P01".equals(e.getSQLState()) || "42S02".equals(e.getSQLState())) {
                open = true;
                return Set.of();
            }
            LOG.warn("applier of pipeline {} cannot read the bulk copy's progress yet: {}", pipeline, e.getMessage());
            pause();
            return null;
        }
    }

    private void pause() {
        try {
            sleeper.sleep(poll);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApplyStoppedException("stopped while holding changes for a bulk copy that is not committed yet", e);
        }
    }

    @Override
    public Map<PartitionKey, Progress> recordedProgress() throws SQLException {
        return delegate.recordedProgress();
    }

    @Override
    public void close() {
        delegate.close();
    }

}
