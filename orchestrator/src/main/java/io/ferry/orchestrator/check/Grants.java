package io.ferry.orchestrator.check;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The current account's privileges on a MariaDB or MySQL server as its {@code SHOW GRANTS} lines give them: global ones
 * ({@code ON *.*}), the databases it may SELECT from, and whether a role is granted to it, whose privileges those lines
 * do not show. MariaDB spells REPLICATION CLIENT as BINLOG MONITOR since 10.5; either counts. The lines hold password
 * hashes: nothing of them but privilege and database names is kept. Pure but for {@link #of(Connection)}.
 */
public final class Grants {

    /** The global privileges capture needs besides SELECT, in the order Ferry documents them. */
    static final List<String> CAPTURE = List.of("RELOAD", "SHOW DATABASES", "REPLICATION SLAVE", "REPLICATION CLIENT");

    private static final Pattern GRANT = Pattern.compile("(?i)^GRANT (.+?) ON (\\S+) TO ");
    /** A role grant: {@code GRANT `role` TO ...} or {@code GRANT 'role'@'%' TO ...} (no ON clause). */
    private static final Pattern ROLE = Pattern.compile("(?i)^GRANT [`'\"][^ ]* TO ");

    private final Set<String> global;
    private final Set<String> selectable;
    private final boolean roles;

    private Grants(Set<String> global, Set<String> selectable, boolean roles) {
        this.global = Set.copyOf(global);
        this.selectable = Set.copyOf(selectable);
        this.roles = roles;
    }

    public static Grants parse(List<String> showGrants) {
        Set<String> global = new LinkedHashSet<>();
        Set<String> selectable = new LinkedHashSet<>();
        boolean roles = false;
        for (String line : showGrants) {
            Matcher m = GRANT.matcher(line.trim());
            if (!m.find()) {
                roles |= ROLE.matcher(line.trim()).find();
                continue;
            }
            String on = m.group(2).replace("`", "");
            Set<String> privileges = new LinkedHashSet<>();
            for (String p : m.group(1).split(",")) {
                privileges.add(p.trim().toUpperCase(Locale.ROOT));
            }
            if (privileges.contains("ALL PRIVILEGES") || privileges.contains("ALL")) {
                privileges.addAll(CAPTURE);
                privileges.add("SELECT");
            }
            if (privileges.contains("BINLOG MONITOR")) {
                privileges.add("REPLICATION CLIENT");
            }
            if (on.equals("*.*")) {
                global.addAll(privileges);
            } else if (on.endsWith(".*") && privileges.contains("SELECT")) {
                selectable.add(on.substring(0, on.length() - 2).toLowerCase(Locale.ROOT));
            }
        }
        return new Grants(global, selectable, roles);
    }

    /** The current account's grants ({@code SHOW GRANTS}). */
    public static Grants of(Connection c) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW GRANTS")) {
            while (rs.next()) {
                lines.add(rs.getString(1));
            }
        }
        return parse(lines);
    }

    /** The current account as {@code 'user'@'host'}. */
    public static String currentUser(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT CURRENT_USER()")) {
            rs.next();
            String user = rs.getString(1);
            int at = user.lastIndexOf('@');
            return "'" + (at < 0 ? user : user.substring(0, at)) + "'@'" + (at < 0 ? "%" : user.substring(at + 1)) + "'";
        }
    }

    /** The privileges missing for capturing {@code database}, in the order Ferry documents them. */
    List<String> missingForCapture(String database) {
        List<String> missing = new ArrayList<>();
        if (!global.contains("SELECT") && !selectable.contains(database.toLowerCase(Locale.ROOT))) {
            missing.add("SELECT");
        }
        for (String p : CAPTURE) {
            if (!global.contains(p)) {
                missing.add(p);
            }
        }
        return missing;
    }

    /** Whether the account holds one of {@code anyOf} globally ({@code ALL PRIVILEGES} counts only as itself). */
    public boolean holdsAnyGlobally(List<String> anyOf) {
        return anyOf.stream().map(p -> p.toUpperCase(Locale.ROOT)).anyMatch(global::contains);
    }

    /** Whether a role is granted to the account, so that it may hold more than these lines show. */
    public boolean hasRoles() {
        return roles;
    }

    /** The global privileges, upper case. */
    Set<String> global() {
        return global;
    }
}
