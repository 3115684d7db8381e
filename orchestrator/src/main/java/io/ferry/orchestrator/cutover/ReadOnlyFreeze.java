package io.ferry.orchestrator.cutover;

import io.ferry.capture.engine.ReadOnlySwitch;
import java.sql.PreparedStatement;
import io.ferry.orchestrator.migration.Connections;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code read_only}: the source engine's read-only switch ({@link io.ferry.capture.engine.SourceEngine#readOnlyFreeze}):
 * MariaDB's global {@code read_only}, MySQL's {@code super_read_only}, or on PostgreSQL
 * {@code default_transaction_read_only} for the application's role (or the database) and the end of that role's open
 * sessions. Ferry's source account needs the privilege the switch asks for (SUPER, SYSTEM_VARIABLES_ADMIN or MariaDB's
 * READ_ONLY ADMIN; on PostgreSQL CREATEROLE or ownership of the database, and pg_signal_backend).
 *
 * <p>On MariaDB, accounts with SUPER or READ_ONLY ADMIN (10.11+) still write under {@code read_only=1}: an application
 * using one is not frozen. {@link #bypassingAccounts} lists them, for {@code ferry check} to report. On PostgreSQL a
 * session can still write with {@code SET default_transaction_read_only = off} or {@code BEGIN READ WRITE}: the freeze
 * stops an application that does not try to get around it.
 */
public final class ReadOnlyFreeze implements FreezeStrategy {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ReadOnlyFreeze.class);


    private final Connections source;
    private final ReadOnlySwitch statements;

    /**
     * @param source     connections to the source as an account that may flip the switch
     * @param statements the engine's switch
     */
    public ReadOnlyFreeze(Connections source, ReadOnlySwitch statements) {
        this.source = source;
        this.statements = statements;
    }

    @Override
    public String name() {
        return "read_only";
    }

    @Override
    public List<String> cannotFreeze() throws SQLException {
        if (statements.switchPrivileges().isEmpty() && !statements.tryable() && statements.mayEndSessions() == null) {
            return List.of();
        }
        try (Connection c = open()) {
            return cannotFreeze(c, statements);
        }
    }

    /**
     * Why the account of {@code c} may not freeze the source:
     * <ul>
     *   <li>its global privileges ({@code SHOW GRANTS}) hold none of those the switch needs
     *       ({@link ReadOnlySwitch#switchPrivileges}), unless a role is granted to the account, which may hold them unseen;</li>
     *   <li>where the freeze statements take effect only when committed ({@link ReadOnlySwitch#tryable}), running them
     *       in a transaction that is rolled back fails;</li>
     *   <li>it may not end the sessions the freeze ends ({@link ReadOnlySwitch#mayEndSessions}).</li>
     * </ul>
     * Empty when it may. Nothing is changed on the source.
     */
    public static List<String> cannotFreeze(Connection c, ReadOnlySwitch statements) throws SQLException {
        List<String> why = new ArrayList<>();
        if (!statements.switchPrivileges().isEmpty()) {
            io.ferry.orchestrator.check.Grants grants = io.ferry.orchestrator.check.Grants.of(c);
            if (!grants.holdsAnyGlobally(statements.switchPrivileges()) && !grants.hasRoles()) {
                String account = io.ferry.orchestrator.check.Grants.currentUser(c);
                why.add("the source account " + account + " holds none of " + String.join(", ", statements.switchPrivileges())
                        + ", one of which " + String.join("; ", statements.freeze()) + " needs: GRANT " + statements.switchPrivileges().get(0)
                        + " ON *.* TO " + account + " (or choose another cutover.freeze)");
            }
        }
        if (statements.tryable()) {
            execute(c, statements.session());
            tried(c, statements.freeze()).ifPresent(why::add);
        }
        if (statements.mayEndSessions() != null) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(statements.mayEndSessions())) {
                if (rs.next() && !rs.getBoolean(1)) {
                    why.add("the source account may not end the other sessions the freeze ends (" + statements.notes().get(0)
                            + "): " + rs.getString(2) + " (or choose another cutover.freeze)");
                }
            }
        }
        return why;
    }

    /** Runs the freeze statements in a transaction and rolls it back: why one fails, or empty. */
    private static java.util.Optional<String> tried(Connection c, List<String> freeze) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            for (String sql : freeze) {
                try {
                    s.execute(sql);
                } catch (SQLException e) {
                    String remedy = sql.startsWith("ALTER DATABASE") ? "set cutover.applicationUser, whose role alone the freeze then "
                            + "makes read-only, which needs CREATEROLE; or choose another cutover.freeze"
                            : sql.startsWith("ALTER ROLE") ? "it needs CREATEROLE: ALTER ROLE \"" + c.getMetaData().getUserName().replace("\"", "\"\"")
                            + "\" CREATEROLE; or choose another cutover.freeze" : "or choose another cutover.freeze";
                    return java.util.Optional.of("the source account may not freeze the source: " + sql + " fails: " + e.getMessage()
                            + " (" + remedy + ")");
                }
            }
            return java.util.Optional.empty();
        } finally {
            c.rollback();
            c.setAutoCommit(autoCommit);
        }
    }

    /** How long a freeze waits for the sessions it ended to be gone. */
    private static final long GONE_WAIT_MS = 10_000;

    /**
     * Flips the switch, then ends the sessions that could still write, twice, each time waiting until they are gone
     * (a commit that made it is then in the log before the watermark the next step reads); the second round catches a
     * session that was connecting while the switch flipped.
     */
    @Override
    public void freeze(CutoverContext ctx) throws SQLException, InterruptedException {
        try (Connection c = open()) {
            execute(c, statements.freeze());
            if (statements.endSessions() == null) {
                return;
            }
            for (int round = 0; round < 2; round++) {
                List<Integer> ended = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement(statements.endSessions())) {
                    if (statements.endSessionsRole() != null) {
                        ps.setString(1, statements.endSessionsRole());
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

    private void awaitGone(Connection c, List<Integer> ids) throws SQLException, InterruptedException {
        if (ids.isEmpty() || statements.sessionsLeft() == null) {
            return;
        }
        long deadline = System.nanoTime() + GONE_WAIT_MS * 1_000_000L;
        try (PreparedStatement ps = c.prepareStatement(statements.sessionsLeft())) {
            ps.setArray(1, c.createArrayOf("integer", ids.toArray()));
            while (true) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) == 0) {
                        return;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new SQLException("sessions " + ids + " did not end within " + GONE_WAIT_MS + " ms of being ended");
                }
                Thread.sleep(5);
            }
        }
    }

    @Override
    public void unfreeze(CutoverContext ctx) throws SQLException {
        try (Connection c = open()) {
            if (statements.frozenQuery() != null && !frozen(c)) {
                LOG.info("unfreeze: the source is not frozen ({}); nothing to undo", statements.frozenQuery());
                return;
            }
            execute(c, statements.unfreeze());
        }
    }

    private boolean frozen(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(statements.frozenQuery())) {
            return !rs.next() || rs.getBoolean(1);
        }
    }

    @Override
    public List<String> describeFreeze() {
        List<String> out = new ArrayList<>();
        statements.freeze().forEach(sql -> out.add("freeze: " + sql));
        out.addAll(statements.notes());
        return out;
    }

    @Override
    public List<String> describeUnfreeze() {
        return statements.unfreeze().stream().map(sql -> "unfreeze: " + sql).toList();
    }

    /** The accounts ({@code 'user'@'host'}) that write through the switch; none when it stops every account's. */
    public static List<String> bypassingAccounts(Connection source, ReadOnlySwitch statements) throws SQLException {
        List<String> out = new ArrayList<>();
        if (statements.bypassingAccountsQuery() == null) {
            return out;
        }
        try (Statement s = source.createStatement(); ResultSet rs = s.executeQuery(statements.bypassingAccountsQuery())) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** A connection of the freeze's account, set up as the switch asks ({@link ReadOnlySwitch#session}). */
    private Connection open() throws SQLException {
        Connection c = source.open();
        try {
            execute(c, statements.session());
            return c;
        } catch (SQLException e) {
            c.close();
            throw e;
        }
    }

    private static void execute(Connection c, List<String> sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        }
    }
}
