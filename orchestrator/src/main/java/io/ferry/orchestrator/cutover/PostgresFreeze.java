package io.ferry.orchestrator.cutover;

import io.ferry.orchestrator.migration.Connections;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * {@code read_only} on a PostgreSQL source: new sessions of the application's role (or, without one configured, of
 * the whole database) start read-only ({@code default_transaction_read_only}), and that role's open sessions in the
 * database are ended, so none keeps writing; unfreeze resets the setting. The capture account's own sessions are never
 * ended. Both directions are idempotent. The source account needs CREATEROLE (for ALTER ROLE) or ownership of the
 * database (for ALTER DATABASE), and the pg_signal_backend role to end sessions.
 *
 * <p>A session can still write with {@code SET default_transaction_read_only = off} or
 * {@code BEGIN READ WRITE}: the freeze stops an application that does not try to get around it.
 */
public final class PostgresFreeze implements FreezeStrategy {

    private final Connections source;
    private final String database;
    /** The application's role, or null to freeze the whole database. */
    private final String role;

    public PostgresFreeze(Connections source, String database, String role) {
        this.source = source;
        this.database = database;
        this.role = role == null || role.isBlank() ? null : role;
    }

    @Override
    public String name() {
        return "read_only";
    }

    String target() {
        return role != null ? "ROLE " + quote(role) + " IN DATABASE " + quote(database) : "DATABASE " + quote(database);
    }

    String freezeSql() {
        return "ALTER " + target() + " SET default_transaction_read_only = on";
    }

    String unfreezeSql() {
        return "ALTER " + target() + " RESET default_transaction_read_only";
    }

    /** Ends the sessions that could still write: the role's (or everyone's but this account's) in the database; returns their pids. */
    String terminateSql() {
        // The call in the select list, not in WHERE: only the rows the filters keep are ended (in WHERE the planner may call
        // it before the filters, on this very session too).
        return "SELECT pid, pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
                + " AND backend_type = 'client backend'" + (role != null ? " AND usename = ?" : " AND usename <> current_user");
    }

    /** How long a freeze waits for the sessions it ended to be gone. */
    private static final long GONE_WAIT_MS = 10_000;

    /**
     * Sets the read-only default, then ends the sessions that could write, twice: pg_terminate_backend only signals, and a
     * session in the middle of its COMMIT finishes it first, so each round waits until the ended sessions are gone (a
     * commit that made it is then in the WAL before the watermark the next step reads); the second round catches a
     * session that was connecting while the default changed.
     */
    @Override
    public void freeze(CutoverContext ctx) throws SQLException, InterruptedException {
        try (Connection c = source.open(); Statement s = c.createStatement()) {
            s.execute(freezeSql());
            for (int round = 0; round < 2; round++) {
                List<Integer> ended = new java.util.ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement(terminateSql())) {
                    if (role != null) {
                        ps.setString(1, role);
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            if (rs.getBoolean(2)) {
                                ended.add(rs.getInt(1));
                            }
                        }
                    }
                }
                awaitGone(c, ended);
            }
        }
    }

    private static void awaitGone(Connection c, List<Integer> pids) throws SQLException, InterruptedException {
        if (pids.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + GONE_WAIT_MS * 1_000_000L;
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE pid = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("integer", pids.toArray()));
            while (true) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) == 0) {
                        return;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new SQLException("sessions " + pids + " did not end within " + GONE_WAIT_MS + " ms of pg_terminate_backend");
                }
                Thread.sleep(5);
            }
        }
    }

    @Override
    public void unfreeze(CutoverContext ctx) throws SQLException {
        try (Connection c = source.open(); Statement s = c.createStatement()) {
            s.execute(unfreezeSql());
        }
    }

    @Override
    public List<String> describeFreeze() {
        return List.of("freeze: " + freezeSql(), "then end the open sessions of " + (role != null ? "role " + role : "every other account")
                + " in database " + database);
    }

    @Override
    public List<String> describeUnfreeze() {
        return List.of("unfreeze: " + unfreezeSql());
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
