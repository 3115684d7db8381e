package io.ferry.orchestrator.schema;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ON UPDATE and ON DELETE actions of a MySQL/MariaDB table's foreign keys, read from its
 * {@code SHOW CREATE TABLE}. {@code information_schema.referential_constraints} would give them too,
 * but MariaDB shows its rows only to users with a privilege beyond SELECT on the table, and the
 * capture user has SELECT only: joined to it, every foreign key vanished from the plan.
 */
final class ForeignKeyActions {

    /** What InnoDB does when no action is given (and prints none for); checked at once, as PostgreSQL's RESTRICT. */
    static final String DEFAULT = "RESTRICT";

    private static final Pattern QUOTED = Pattern.compile("`(?:[^`]|``)*`");
    private static final String ACTION = "(RESTRICT|CASCADE|SET NULL|SET DEFAULT|NO ACTION)";
    private static final Pattern ON_DELETE = Pattern.compile("\\bON DELETE " + ACTION);
    private static final Pattern ON_UPDATE = Pattern.compile("\\bON UPDATE " + ACTION);

    /** The actions of one foreign key. */
    record Actions(String onUpdate, String onDelete) {
    }

    private ForeignKeyActions() {
    }

    /** Per constraint name, its actions, from the text of {@code SHOW CREATE TABLE}. */
    static Map<String, Actions> parse(String createTable) {
        Map<String, Actions> actions = new LinkedHashMap<>();
        for (String line : createTable.split("\n")) {
            String l = line.trim();
            if (!l.startsWith("CONSTRAINT `")) {
                continue;
            }
            Matcher name = QUOTED.matcher(l);
            if (!name.find(l.indexOf('`'))) {
                continue;
            }
            // Names may hold any text, "ON DELETE" included: look for the actions outside them only.
            String rest = QUOTED.matcher(l.substring(name.end())).replaceAll("?");
            if (!rest.trim().startsWith("FOREIGN KEY")) {
                continue;
            }
            String quoted = name.group();
            actions.put(quoted.substring(1, quoted.length() - 1).replace("``", "`"),
                    new Actions(action(ON_UPDATE, rest), action(ON_DELETE, rest)));
        }
        return actions;
    }

    private static String action(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() ? m.group(1) : DEFAULT;
    }
}
