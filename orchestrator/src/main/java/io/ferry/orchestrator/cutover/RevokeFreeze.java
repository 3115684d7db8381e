package io.ferry.orchestrator.cutover;

import io.ferry.core.value.jdbc.Engine;
import io.ferry.orchestrator.migration.Connections;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code revoke}: revokes the application account's write privileges on the source database and ends its
 * sessions (MariaDB/MySQL check database privileges of a session only when it selects the database, so a
 * connected client would keep writing); unfreezing grants them back. Which privileges were revoked is persisted
 * with the migration before they are revoked, so a coordinator restarted mid-freeze restores exactly those.
 *
 * <p>Only privileges granted on the database ({@code db.*}) are revoked; an account with write privileges on
 * {@code *.*} cannot be frozen this way, and the freeze says so instead of pretending. Ferry's source account
 * needs GRANT OPTION on those privileges and the right to end other sessions (CONNECTION ADMIN or SUPER).
 */
public final class RevokeFreeze implements FreezeStrategy {

    static final List<String> WRITE_PRIVILEGES = List.of("INSERT", "UPDATE", "DELETE");

    private final Connections source;
    private final String database;
    private final MySqlAccount account;

    public RevokeFreeze(Connections source, String database, MySqlAccount account) {
        this.source = source;
        this.database = database;
        this.account = account;
    }

    @Override
    public String name() {
        return "revoke";
    }

    public static String revokeSql(List<String> privileges, String database, MySqlAccount account) {
        return "REVOKE " + String.join(", ", privileges) + " ON " + Engine.MYSQL.quote(database) + ".* FROM " + account.sql();
    }

    public static String grantSql(List<String> privileges, String database, MySqlAccount account) {
        return "GRANT " + String.join(", ", privileges) + " ON " + Engine.MYSQL.quote(database) + ".* TO " + account.sql();
    }

    /** Ends one session; the id comes from the process list, never from outside. */
    public static String killSql(long sessionId) {
        return "KILL CONNECTION " + sessionId;
    }

    @Override
    public void freeze(CutoverContext ctx) throws Exception {
        try (Connection c = source.open()) {
            Set<String> held = new LinkedHashSet<>(databaseWritePrivileges(c));
            held.addAll(persisted(ctx));
            if (held.isEmpty()) {
                List<String> global = globalWritePrivileges(c);
                if (!global.isEmpty()) {
                    throw new IllegalStateException("the account " + account + " holds " + global + " on *.*, which revoke does not "
                            + "touch; grant its write privileges on " + Engine.MYSQL.quote(database) + ".* only, or use another freeze");
                }
            }
            List<String> privileges = WRITE_PRIVILEGES.stream().filter(held::contains).toList();
            // Persist first: a coordinator that dies between the revoke and the next write still knows what to give back.
            ctx.migration().recordFreezeState(String.join(",", privileges));
            try (Statement s = c.createStatement()) {
                List<String> toRevoke = WRITE_PRIVILEGES.stream().filter(databaseWritePrivileges(c)::contains).toList();
                if (!toRevoke.isEmpty()) {
                    s.execute(revokeSql(toRevoke, database, account));
                }
            }
            killSessions(c);
        }
    }

    @Override
    public void unfreeze(CutoverContext ctx) throws Exception {
        List<String> privileges = persisted(ctx);
        if (privileges.isEmpty()) {
            return;
        }
        try (Connection c = source.open(); Statement s = c.createStatement()) {
            s.execute(grantSql(privileges, database, account));
        }
        ctx.migration().recordFreezeState(null);
    }

    @Override
    public List<String> describeFreeze() {
        return List.of("freeze: " + revokeSql(WRITE_PRIVILEGES, database, account) + " (those of them it holds)",
                "then KILL CONNECTION for every session of user " + MySqlAccount.literal(account.user()));
    }

    @Override
    public List<String> describeUnfreeze() {
        return List.of("unfreeze: " + grantSql(WRITE_PRIVILEGES, database, account) + " (those that were revoked)");
    }

    private List<String> persisted(CutoverContext ctx) throws SQLException {
        String state = ctx.migration().state().freezeState();
        List<String> out = new ArrayList<>();
        if (state != null && !state.isBlank()) {
            for (String p : state.split(",")) {
                if (!WRITE_PRIVILEGES.contains(p)) {
                    throw new IllegalStateException("the persisted freeze state names an unknown privilege: " + p);
                }
                out.add(p);
            }
        }
        return out;
    }

    private List<String> databaseWritePrivileges(Connection c) throws SQLException {
        return privileges(c, "SELECT PRIVILEGE_TYPE FROM information_schema.SCHEMA_PRIVILEGES WHERE GRANTEE = ? AND TABLE_SCHEMA = ?", true);
    }

    private List<String> globalWritePrivileges(Connection c) throws SQLException {
        return privileges(c, "SELECT PRIVILEGE_TYPE FROM information_schema.USER_PRIVILEGES WHERE GRANTEE = ?", false);
    }

    private List<String> privileges(Connection c, String sql, boolean withSchema) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, account.grantee());
            if (withSchema) {
                ps.setString(2, database);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (WRITE_PRIVILEGES.contains(rs.getString(1))) {
                        out.add(rs.getString(1));
                    }
                }
            }
        }
        return out;
    }

    private void killSessions(Connection c) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT ID FROM information_schema.PROCESSLIST WHERE USER = ?")) {
            ps.setString(1, account.user());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        try (Statement s = c.createStatement()) {
            for (long id : ids) {
                try {
                    s.execute(killSql(id));
                } catch (SQLException e) {
                    if (e.getErrorCode() != 1094) { // unknown thread: it ended by itself
                        throw e;
                    }
                }
            }
        }
    }
}
