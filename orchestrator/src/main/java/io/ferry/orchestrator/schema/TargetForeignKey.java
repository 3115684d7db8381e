package io.ferry.orchestrator.schema;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A foreign key as the target creates it, with target names (unquoted) throughout, and the two
 * idempotent statements that create it: an {@code ADD CONSTRAINT ... NOT VALID} that is skipped when
 * the table has a constraint of that name already, and a {@code VALIDATE CONSTRAINT}, which
 * PostgreSQL does nothing for once the constraint is valid.
 *
 * @param onUpdate  the referential action, one of {@link #ACTIONS}
 * @param onDelete  the referential action, one of {@link #ACTIONS}
 * @param match      {@code MATCH FULL}, or empty for the default (MATCH SIMPLE)
 * @param deferrable {@code DEFERRABLE INITIALLY DEFERRED} or {@code ... IMMEDIATE}, or empty for NOT DEFERRABLE
 */
record TargetForeignKey(String schema, String table, String name, List<String> columns, String referencedTable,
        List<String> referencedColumns, String onUpdate, String onDelete, String match, String deferrable) {

    /** The referential actions PostgreSQL and MySQL share. */
    static final Set<String> ACTIONS = Set.of("NO ACTION", "RESTRICT", "CASCADE", "SET NULL", "SET DEFAULT");

    TargetForeignKey {
        columns = List.copyOf(columns);
        referencedColumns = List.copyOf(referencedColumns);
        onUpdate = action(onUpdate);
        onDelete = action(onDelete);
        match = match == null ? "" : match;
        deferrable = deferrable == null ? "" : deferrable;
    }

    /** An action in the spelling PostgreSQL takes; anything else is refused rather than pasted into DDL. */
    static String action(String action) {
        String a = action == null ? "NO ACTION" : action.trim().toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
        if (!ACTIONS.contains(a)) {
            throw new IllegalArgumentException("unknown referential action '" + action + "'");
        }
        return a;
    }

    /** Adds the constraint without scanning the rows; skipped when the table has a constraint of that name. */
    String addNotValid() {
        String qualified = qualified(table);
        return "DO $ferry$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = " + SchemaPlanner.literal(qualified)
                + "::regclass AND conname = " + SchemaPlanner.literal(name) + ") THEN ALTER TABLE " + qualified + " ADD CONSTRAINT "
                + SchemaPlanner.quote(name) + " FOREIGN KEY (" + list(columns) + ") REFERENCES " + qualified(referencedTable)
                + " (" + list(referencedColumns) + ")" + (match.isEmpty() ? "" : " " + match) + " ON UPDATE " + onUpdate
                + " ON DELETE " + onDelete + (deferrable.isEmpty() ? "" : " " + deferrable) + " NOT VALID; END IF; END $ferry$";
    }

    /** Checks the rows; a no-op for a constraint that is valid already. */
    String validate() {
        return "ALTER TABLE " + qualified(table) + " VALIDATE CONSTRAINT " + SchemaPlanner.quote(name);
    }

    private String qualified(String t) {
        return SchemaPlanner.quote(schema) + "." + SchemaPlanner.quote(t);
    }

    private static String list(List<String> names) {
        return names.stream().map(SchemaPlanner::quote).collect(Collectors.joining(", "));
    }
}
