package io.ferry.apply.jdbc;

import io.ferry.apply.dialect.TargetDialect;
import io.ferry.core.event.ChangeEvent;
import io.ferry.core.event.SchemaChange;
import io.ferry.core.schema.TableId;
import io.ferry.core.schema.mapping.ColumnDefaults;
import io.ferry.core.schema.mapping.MySqlColumn;
import io.ferry.core.schema.mapping.PgColumnType;
import io.ferry.core.schema.mapping.TypeMapper;
import io.ferry.core.schema.mapping.UnsupportedTypeException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a source schema change means for the target, decided against the target's actual shape (so a statement
 * applied before, or replayed, plans nothing): the additive part becomes PostgreSQL DDL through the pipeline's type
 * mapping (a new column with its default, a wider type, a longer VARCHAR, new ENUM labels, a new table); anything
 * else (a column gone or renamed, a narrower or different type, another primary key, a table dropped or renamed)
 * is a stop naming the statement. Pure: the caller reads the target and runs the statements.
 */
public final class SchemaEvolution {

    /** The target table as this planner needs it; {@code columnTypes} empty when the table does not exist. */
    public record Target(TableId id, Map<String, String> columnTypes, List<String> primaryKey, Set<String> notNull,
            Map<String, Check> checks, Map<String, List<String>> enumLabels) {
    }

    /** A CHECK constraint over one column: its name, and the labels it allows when it is an ENUM's label list. */
    public record Check(String name, List<String> labels) {
    }

    /** Either statements to run (possibly none) or the reason to stop. */
    public record Decision(List<String> statements, String stop) {
        static Decision apply(List<String> statements) {
            return new Decision(List.copyOf(statements), null);
        }

        static Decision stop(String reason) {
            return new Decision(List.of(), reason);
        }

        public boolean stops() {
            return stop != null;
        }
    }

    private static final Pattern LENGTH = Pattern.compile("(character varying|timestamp|time|bit varying)\\((\\d+)\\)(.*)");
    private static final Pattern NUMERIC = Pattern.compile("numeric\\((\\d+),(\\d+)\\)");
    private static final List<String> INTEGERS = List.of("smallint", "integer", "bigint");
    private static final Map<String, Integer> INTEGER_DIGITS = Map.of("smallint", 5, "integer", 10, "bigint", 19);

    private final TargetDialect dialect;
    private final TypeMapper types;

    public SchemaEvolution(TargetDialect dialect, TypeMapper types) {
        this.dialect = dialect;
        this.types = types;
    }

    public Decision plan(ChangeEvent event, Target target) {
        SchemaChange change = event.schemaChange();
        TableId source = event.table();
        boolean exists = !target.columnTypes().isEmpty();
        return switch (change.kind()) {
            case DROP -> exists ? stop(event, "drops the table") : Decision.apply(List.of());
            case RENAME -> stop(event, "renames the table");
            case CREATE -> exists ? alter(event, source, target) : create(event, source, target);
            case ALTER -> exists ? alter(event, source, target)
                    : stop(event, "changes a table whose target table " + target.id() + " does not exist");
        };
    }

    private Decision create(ChangeEvent event, TableId source, Target target) {
        List<String> before = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (MySqlColumn c : event.schemaChange().columns()) {
            String column;
            try {
                column = columnDefinition(source, target, c, before);
            } catch (UnsupportedTypeException e) {
                return stop(event, "creates the table with a column Ferry cannot carry: " + e.getMessage());
            }
            lines.add("  " + column);
        }
        if (event.schemaChange().primaryKey().isEmpty()) {
            return stop(event, "creates a table without a primary key");
        }
        lines.add("  PRIMARY KEY (" + event.schemaChange().primaryKey().stream().map(k -> dialect.quote(dialect.targetName(k)))
                .collect(Collectors.joining(", ")) + ")");
        before.add("CREATE TABLE IF NOT EXISTS " + qualified(target.id()) + " (\n" + String.join(",\n", lines) + "\n)");
        return Decision.apply(before);
    }

    private Decision alter(ChangeEvent event, TableId source, Target target) {
        SchemaChange change = event.schemaChange();
        List<String> pk = change.primaryKey().stream().map(dialect::targetName).toList();
        // A source table without a primary key is keyed by a unique index (tables.withoutPrimaryKey), which the
        // statement's description does not carry: its key is not compared.
        if (!pk.isEmpty() && !pk.equals(target.primaryKey())) {
            return stop(event, "changes the primary key from " + target.primaryKey() + " to " + pk);
        }
        Set<String> named = new HashSet<>();
        change.columns().forEach(c -> named.add(dialect.targetName(c.name())));
        for (String existing : target.columnTypes().keySet()) {
            if (!named.contains(existing)) {
                return stop(event, "drops or renames column " + existing);
            }
        }
        List<String> statements = new ArrayList<>();
        String table = "ALTER TABLE " + qualified(target.id());
        for (MySqlColumn c : change.columns()) {
            String name = dialect.targetName(c.name());
            String quoted = dialect.quote(name);
            PgColumnType type;
            try {
                type = types.map(source, c);
            } catch (UnsupportedTypeException e) {
                return stop(event, "gives a column a type Ferry cannot carry: " + e.getMessage());
            }
            String current = target.columnTypes().get(name);
            if (current == null) {
                List<String> before = new ArrayList<>();
                String definition = columnDefinition(source, target, c, before);
                statements.addAll(before);
                statements.add(table + " ADD COLUMN IF NOT EXISTS " + definition);
                continue;
            }
            if (type.pgEnum() && target.enumLabels().containsKey(name)) {
                List<String> old = target.enumLabels().get(name);
                if (!c.labels().containsAll(old)) {
                    return stop(event, "removes ENUM labels of column " + name + " (from " + old + " to " + c.labels() + ")");
                }
                for (String label : c.labels()) {
                    if (!old.contains(label)) {
                        statements.add("ALTER TYPE " + current + " ADD VALUE IF NOT EXISTS " + literal(label));
                    }
                }
            } else {
                String wanted = PgColumnType.formatType(type.sql());
                if (!wanted.equals(current) && !mariaDbJson(c, current)) {
                    if (!widens(current, wanted)) {
                        return stop(event, "changes column " + name + " from " + current + " to " + wanted + ", which is not a widening");
                    }
                    statements.add(table + " ALTER COLUMN " + quoted + " TYPE " + type.sql());
                }
                Check check = target.checks().get(name);
                if (c.dataType().equals("enum") && type.check() != null && check != null && check.labels() != null
                        && !new LinkedHashSet<>(check.labels()).equals(new LinkedHashSet<>(c.labels()))) {
                    if (!c.labels().containsAll(check.labels())) {
                        return stop(event, "removes ENUM labels of column " + name + " (from " + check.labels() + " to " + c.labels() + ")");
                    }
                    statements.add(table + " DROP CONSTRAINT " + dialect.quote(check.name()));
                    statements.add(table + " ADD CONSTRAINT " + dialect.quote(check.name()) + " CHECK (" + quoted + type.check() + ")");
                }
            }
            if (c.nullable() && target.notNull().contains(name)) {
                statements.add(table + " ALTER COLUMN " + quoted + " DROP NOT NULL");
            }
        }
        return Decision.apply(statements);
    }

    /**
     * A new column as the schema plan would write it: type, NOT NULL where a default fills the rows the table already
     * has (without one, MySQL gave them an implicit value that cannot be known here, so the column stays nullable),
     * default and CHECK; a PostgreSQL enum type it needs is created first (into {@code before}).
     */
    private String columnDefinition(TableId source, Target target, MySqlColumn c, List<String> before) {
        PgColumnType type = types.map(source, c);
        StringBuilder sql = new StringBuilder(dialect.quote(dialect.targetName(c.name()))).append(' ');
        if (type.pgEnum()) {
            String enumType = dialect.quote(target.id().schema()) + "."
                    + dialect.quote(dialect.targetName(target.id().table() + "_" + c.name() + "_enum"));
            before.add("DO $ferry$ BEGIN CREATE TYPE " + enumType + " AS ENUM ("
                    + type.enumLabels().stream().map(this::literal).collect(Collectors.joining(", "))
                    + "); EXCEPTION WHEN duplicate_object THEN NULL; END $ferry$");
            sql.append(enumType);
        } else {
            sql.append(type.sql());
        }
        String dflt = c.generated() ? null : ColumnDefaults.expression(c, type, source, new ArrayList<>());
        if (!c.nullable() && dflt != null) {
            sql.append(" NOT NULL");
        }
        if (dflt != null) {
            sql.append(" DEFAULT ").append(dflt);
        }
        if (type.check() != null) {
            sql.append(" CHECK (").append(dialect.quote(dialect.targetName(c.name()))).append(type.check()).append(')');
        }
        return sql.toString();
    }

    /**
     * Whether every value of type {@code from} fits type {@code to} unchanged (both as {@code format_type} spells
     * them): a longer integer, a numeric with no fewer integer and fraction digits, double for real, a longer or
     * unbounded VARCHAR, text for VARCHAR, more fractional seconds.
     */
    static boolean widens(String from, String to) {
        if (INTEGERS.contains(from) && INTEGERS.contains(to)) {
            return INTEGERS.indexOf(to) > INTEGERS.indexOf(from);
        }
        Matcher toNumeric = NUMERIC.matcher(to);
        if (INTEGERS.contains(from) && toNumeric.matches()) {
            int p = Integer.parseInt(toNumeric.group(1));
            int s = Integer.parseInt(toNumeric.group(2));
            return p - s >= INTEGER_DIGITS.get(from);
        }
        Matcher fromNumeric = NUMERIC.matcher(from);
        if (fromNumeric.matches() && toNumeric.matches()) {
            int p1 = Integer.parseInt(fromNumeric.group(1));
            int s1 = Integer.parseInt(fromNumeric.group(2));
            int p2 = Integer.parseInt(toNumeric.group(1));
            int s2 = Integer.parseInt(toNumeric.group(2));
            return s2 >= s1 && p2 - s2 >= p1 - s1;
        }
        if (from.equals("real") && to.equals("double precision")) {
            return true;
        }
        if (from.startsWith("character varying") && to.equals("text")) {
            return true;
        }
        Matcher a = LENGTH.matcher(from);
        Matcher b = LENGTH.matcher(to);
        return a.matches() && b.matches() && a.group(1).equals(b.group(1)) && a.group(3).equals(b.group(3))
                && Integer.parseInt(b.group(2)) >= Integer.parseInt(a.group(2));
    }

    /**
     * MariaDB's JSON is LONGTEXT with a {@code json_valid} check, and Debezium describes a column it read from
     * SHOW CREATE TABLE as LONGTEXT: a target {@code jsonb} planned for it is that column unchanged.
     */
    private static boolean mariaDbJson(MySqlColumn c, String current) {
        return current.equals("jsonb") && c.dataType().equals("longtext");
    }

    private static Decision stop(ChangeEvent event, String what) {
        return Decision.stop("the schema change of table " + event.table() + " at " + event.position().describe() + " ("
                + event.schemaChange().statement().strip() + ") " + what + ", which Ferry does not carry while streaming. "
                + "The applier stops here; make the target table match the source by hand, then start the applier again: "
                + "it applies this change again against the target's new shape and goes on (docs/schema-changes.md)");
    }

    private String qualified(TableId id) {
        return dialect.qualified(id);
    }

    private String literal(String s) {
        return dialect.literal(s);
    }
}
