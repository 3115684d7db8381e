package io.ferry.orchestrator.check;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What capture needs from the source user, checked against {@code SHOW GRANTS} output. MariaDB
 * spells REPLICATION CLIENT as BINLOG MONITOR since 10.5; either counts.
 */
final class Grants {

    static final List<String> GLOBAL = List.of("RELOAD", "SHOW DATABASES", "REPLICATION SLAVE", "REPLICATION CLIENT");

    private static final Pattern GRANT = Pattern.compile("(?i)^GRANT (.+?) ON (\\S+) TO ");

    private Grants() {
    }

    /** The privileges missing for capturing {@code database}, in the order Ferry documents them. */
    static List<String> missing(List<String> showGrants, String database) {
        Set<String> global = new LinkedHashSet<>();
        boolean selectOnDatabase = false;
        for (String line : showGrants) {
            Matcher m = GRANT.matcher(line.trim());
            if (!m.find()) {
                continue;
            }
            String on = m.group(2).replace("`", "");
            Set<String> privileges = new LinkedHashSet<>();
            for (String p : m.group(1).split(",")) {
                privileges.add(p.trim().toUpperCase(Locale.ROOT));
            }
            if (privileges.contains("ALL PRIVILEGES") || privileges.contains("ALL")) {
                privileges.addAll(GLOBAL);
                privileges.add("SELECT");
            }
            if (privileges.contains("BINLOG MONITOR")) {
                privileges.add("REPLICATION CLIENT");
            }
            if (on.equals("*.*")) {
                global.addAll(privileges);
            } else if (on.equalsIgnoreCase(database + ".*") && privileges.contains("SELECT")) {
                selectOnDatabase = true;
            }
        }
        List<String> missing = new ArrayList<>();
        if (!global.contains("SELECT") && !selectOnDatabase) {
            missing.add("SELECT");
        }
        for (String p : GLOBAL) {
            if (!global.contains(p)) {
                missing.add(p);
            }
        }
        return missing;
    }
}
