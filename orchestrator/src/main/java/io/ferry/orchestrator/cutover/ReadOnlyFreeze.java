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
    public void freeze(CutoverContext ctx) throws SQLException {
        try (Connection c = source.open()) {
            execute(c, statements.freeze());
            if (statements.endSessions() != null) {
                try (PreparedStatement ps = c.prepareStatement(statements.endSessions())) {
                    if (statements.endSessionsRole() != null) {
                        ps.setString(1, statements.endSessionsRole());
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            // one row per session ended
                        }
                    }
                }
            }
        }
    }

    @Override
    public void unfreeze(CutoverContext ctx) throws SQLException {
        try (Connection c = source.open()) {
            execute(c, statements.unfreeze());
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

    private static void execute(Connection c, List<String> sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        }
    }
}
