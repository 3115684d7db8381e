package io.ferry.orchestrator.schema;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.postgresql.util.PSQLException;

/**
 * Makes one {@link UniqueIndex} unique on the target (in its own transaction) and measures it; reads the table's
 * size for an estimate beforehand. When the rows break the key, the error names the table, the index and a
 * duplicated value, as PostgreSQL reports it.
 */
public final class UniqueIndexBuilder {

    /**
     * Rows per second for the dry run's estimate, on the safe side of what {@code bench/unique-index} measured on a
     * 2-core machine (1M rows: 570k rows/s for a 60-byte text key, 790k for a text and bigint pair).
     */
    public static final long ESTIMATED_ROWS_PER_SECOND = 500_000;

    /** Thrown when the target's rows hold a value twice that the unique index forbids. */
    public static final class DuplicateKeysException extends SQLException {
        DuplicateKeysException(String message, SQLException cause) {
            super(message, "23505", cause);
        }
    }

    private UniqueIndexBuilder() {
    }

    /**
     * Builds the index and returns how long it took; does nothing (quickly) when it is unique already.
     *
     * @param timeout at most this long (PostgreSQL cancels the build), or null for no limit
     */
    public static Duration build(Connection pg, UniqueIndex index, Duration timeout) throws SQLException {
        long t0 = System.nanoTime();
        boolean auto = pg.getAutoCommit();
        pg.setAutoCommit(true);
        try (Statement s = pg.createStatement()) {
            if (timeout != null) {
                s.setQueryTimeout((int) Math.max(1, (timeout.toMillis() + 999) / 1000));
            }
            s.execute(index.makeUnique());
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                throw new DuplicateKeysException("table " + index.schema() + "." + index.table() + ": unique index " + index.name()
                        + " " + index.definition() + " cannot be made unique because the target holds a value twice ("
                        + duplicate(e) + "). Find out why the rows differ from the source (ferry validate), fix them on the target, "
                        + "then run this again", e);
            }
            throw new SQLException("making " + index.describe() + " unique failed: " + e.getMessage(), e.getSQLState(), e);
        } finally {
            pg.setAutoCommit(auto);
        }
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    /** Whether the index exists and is unique already. */
    public static boolean isUnique(Connection pg, UniqueIndex index) throws SQLException {
        try (var ps = pg.prepareStatement("SELECT x.indisunique FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
                + "JOIN pg_namespace n ON n.oid = i.relnamespace WHERE n.nspname = ? AND i.relname = ?")) {
            ps.setString(1, index.schema());
            ps.setString(2, index.name());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /**
     * The table's row count as PostgreSQL last estimated it ({@code pg_class.reltuples}), or counted when the table
     * was never analysed; 0 when it does not exist.
     */
    public static long estimatedRows(Connection pg, UniqueIndex index) throws SQLException {
        try (var ps = pg.prepareStatement("SELECT c.reltuples::bigint FROM pg_class c "
                + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ?")) {
            ps.setString(1, index.schema());
            ps.setString(2, index.table());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return 0;
                }
                if (rs.getLong(1) > 0) {
                    return rs.getLong(1);
                }
            }
        }
        try (Statement s = pg.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + index.qualifiedTable())) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The dry run's estimate of a build over {@code rows} rows. */
    public static Duration estimate(long rows) {
        return Duration.ofMillis(rows * 1000 / ESTIMATED_ROWS_PER_SECOND);
    }

    /** The duplicated value as PostgreSQL's error detail gives it ("Key (email)=(a@x) is duplicated."). */
    private static String duplicate(SQLException e) {
        if (e instanceof PSQLException p && p.getServerErrorMessage() != null && p.getServerErrorMessage().getDetail() != null) {
            return p.getServerErrorMessage().getDetail().replaceAll("\\.$", "");
        }
        return e.getMessage();
    }
}
