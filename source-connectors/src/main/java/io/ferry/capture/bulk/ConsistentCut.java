package io.ferry.capture.bulk;

import io.ferry.core.config.SourceConfig;
import io.ferry.capture.engine.BinlogSourceEngine;
import io.ferry.capture.engine.SourceEngines;
import io.ferry.core.event.BinlogFilePosition;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens reader connections that all see the source at one binlog position, and reads that position.
 *
 * <p>With the RELOAD privilege, as mydumper does: {@code FLUSH TABLES WITH READ LOCK} stops writes for a moment
 * while every reader runs {@code START TRANSACTION WITH CONSISTENT SNAPSHOT} and the binlog file, position and GTID
 * position are read; then {@code UNLOCK TABLES}. How long writes were blocked is logged and kept in the cut.
 *
 * <p>Without RELOAD (managed services), on MariaDB: one reader opens a consistent snapshot and reads the position
 * that snapshot corresponds to from {@code binlog_snapshot_file}/{@code binlog_snapshot_position}, which MariaDB
 * reports for exactly that transaction, and the GTID position from {@code BINLOG_GTID_POS(file, pos)}. It is just as
 * exact, blocks no writes, but gives a single reader (no other connection can join that snapshot). MySQL has no such
 * status, so there the lock is required.
 */
public final class ConsistentCut {

    private static final Logger LOG = LoggerFactory.getLogger(ConsistentCut.class);

    /** Open reader connections and the position they see; closing it closes them (ending their snapshots). */
    public record Snapshot(List<Connection> readers, BulkCut cut) implements AutoCloseable {
        @Override
        public void close() {
            for (Connection c : readers) {
                try {
                    c.close();
                } catch (SQLException e) {
                    LOG.debug("closing a reader connection: {}", e.getMessage());
                }
            }
        }
    }

    /** Source connection factory (each call a new connection). */
    public interface Connector {
        Connection open() throws SQLException;
    }

    private ConsistentCut() {
    }

    public static Snapshot take(SourceConfig source, Connector connector, int readers) throws SQLException {
        Connection lock = connector.open();
        try {
            try (Statement s = lock.createStatement()) {
                s.execute("SET SESSION lock_wait_timeout = 60");
                s.execute("FLUSH TABLES WITH READ LOCK");
            } catch (SQLException e) {
                if (!isPrivilegeError(e)) {
                    throw e;
                }
                if (!SourceEngines.binlog(source.kind()).reportsSnapshotPosition()) {
                    throw new SQLException("the bulk load needs the RELOAD privilege on a MySQL source for its consistent cut "
                            + "(FLUSH TABLES WITH READ LOCK): " + e.getMessage() + "; grant RELOAD or use capture.snapshotMode: initial", e);
                }
                LOG.warn("the capture user may not take the global read lock ({}); taking the cut from one consistent snapshot "
                        + "(binlog_snapshot_file/position), which blocks no writes but reads with a single connection", e.getMessage());
                return withoutLock(connector);
            }
            long lockedAt = System.nanoTime();
            List<Connection> opened = new ArrayList<>();
            BulkCut cut;
            try {
                for (int i = 0; i < readers; i++) {
                    Connection c = connector.open();
                    opened.add(c);
                    startSnapshot(c);
                }
                BinlogSourceEngine engine = SourceEngines.binlog(source.kind());
                BinlogFilePosition position = engine.binaryLogStatus(lock);
                String gtids = engine.gtids(lock);
                try (Statement s = lock.createStatement()) {
                    s.execute("UNLOCK TABLES");
                }
                long blockedMs = (System.nanoTime() - lockedAt) / 1_000_000;
                cut = new BulkCut(position.file(), position.offset(), gtids, blockedMs, "global read lock");
                LOG.info("bulk load: consistent cut at {} for {} readers; writes to the source were blocked for {} ms",
                        cut.describe(), readers, blockedMs);
            } catch (SQLException | RuntimeException e) {
                new Snapshot(opened, null).close();
                throw e;
            }
            return new Snapshot(opened, cut);
        } finally {
            lock.close();
        }
    }

    private static Snapshot withoutLock(Connector connector) throws SQLException {
        Connection c = connector.open();
        try {
            startSnapshot(c);
            String file = null;
            long pos = -1;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW STATUS LIKE 'binlog_snapshot_%'")) {
                while (rs.next()) {
                    if (rs.getString(1).equalsIgnoreCase("binlog_snapshot_file")) {
                        file = rs.getString(2);
                    } else if (rs.getString(1).equalsIgnoreCase("binlog_snapshot_position")) {
                        pos = Long.parseLong(rs.getString(2));
                    }
                }
            }
            String gtids;
            try (var ps = c.prepareStatement("SELECT BINLOG_GTID_POS(?, ?)")) {
                ps.setString(1, file);
                ps.setLong(2, pos);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    gtids = rs.getString(1);
                }
            }
            BulkCut cut = new BulkCut(file, pos, gtids, 0, "binlog_snapshot of one reader");
            LOG.info("bulk load: consistent cut at {} from one consistent snapshot, no writes blocked", cut.describe());
            return new Snapshot(List.of(c), cut);
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    static void startSnapshot(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            // Canonical reads of TIMESTAMP columns need UTC wall time (CanonicalReader).
            s.execute("SET SESSION time_zone = '+00:00'");
            s.execute("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            s.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
        }
    }

    /** Access denied for the lock: error 1227 (ER_SPECIFIC_ACCESS_DENIED_ERROR) or SQLState 42000 with "RELOAD". */
    static boolean isPrivilegeError(SQLException e) {
        return e.getErrorCode() == 1227 || e.getErrorCode() == 1044 || e.getErrorCode() == 1045
                || (e.getMessage() != null && e.getMessage().contains("RELOAD"));
    }

}
