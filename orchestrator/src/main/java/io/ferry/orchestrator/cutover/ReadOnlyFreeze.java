package io.ferry.orchestrator.cutover;

import io.ferry.orchestrator.migration.Connections;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code read_only}: MariaDB/MySQL's global read-only switch. Ferry's source account needs the privilege to set
 * global variables (SUPER, or SYSTEM_VARIABLES_ADMIN / MariaDB's READ_ONLY ADMIN).
 *
 * <p>Accounts with SUPER (MySQL, older MariaDB), CONNECTION_ADMIN (MySQL) or READ_ONLY ADMIN (MariaDB 10.11+)
 * still write under {@code read_only=1}: an application using one is not frozen. {@link #bypassingAccounts} lists
 * them, for {@code ferry check} to report.
 */
public final class ReadOnlyFreeze implements FreezeStrategy {

    public static final String FREEZE_SQL = "SET GLOBAL read_only = 1";
    public static final String UNFREEZE_SQL = "SET GLOBAL read_only = 0";
    /** Accounts whose writes {@code read_only} does not stop. */
    public static final String BYPASSING_ACCOUNTS_SQL = "SELECT DISTINCT GRANTEE FROM information_schema.USER_PRIVILEGES "
            + "WHERE PRIVILEGE_TYPE IN ('SUPER', 'READ_ONLY ADMIN', 'CONNECTION_ADMIN') ORDER BY GRANTEE";

    private final Connections source;

    /** @param source connections to the source as an account that may set global variables */
    public ReadOnlyFreeze(Connections source) {
        this.source = source;
    }

    @Override
    public String name() {
        return "read_only";
    }

    @Override
    public void freeze(CutoverContext ctx) throws SQLException {
        execute(FREEZE_SQL);
    }

    @Override
    public void unfreeze(CutoverContext ctx) throws SQLException {
        execute(UNFREEZE_SQL);
    }

    @Override
    public List<String> describeFreeze() {
        return List.of("freeze: " + FREEZE_SQL, "accounts with SUPER, READ_ONLY ADMIN or CONNECTION_ADMIN still write; see ferry check");
    }

    @Override
    public List<String> describeUnfreeze() {
        return List.of("unfreeze: " + UNFREEZE_SQL);
    }

    /** The accounts ({@code 'user'@'host'}) that write through {@code read_only}. */
    public static List<String> bypassingAccounts(Connection source) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = source.createStatement(); ResultSet rs = s.executeQuery(BYPASSING_ACCOUNTS_SQL)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = source.open(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
