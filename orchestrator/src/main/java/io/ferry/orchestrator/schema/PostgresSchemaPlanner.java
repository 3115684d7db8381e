package io.ferry.orchestrator.schema;

import io.ferry.core.config.TablesConfig.KeylessTables;
import io.ferry.core.schema.TableId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns the tables of a PostgreSQL source schema into a {@link SchemaPlan} for a PostgreSQL target:
 * every type is kept as it is (enum types are created in the target schema), and so are defaults,
 * CHECKs, stored generated columns, indexes (expression and partial ones too) and comments.
 * Identity and serial columns get their sequences, unique indexes their uniqueness (plain indexes
 * while changes stream, see {@link UniqueIndex}), and foreign keys their constraints, after the
 * final drain, as for a MySQL source.
 */
public final class PostgresSchemaPlanner {

    private static final Pattern NEXTVAL = Pattern.compile("(?i)^nextval\\(.*\\)$");

    private final KeylessTables keyless;

    public PostgresSchemaPlanner(KeylessTables keyless) {
        this.keyless = keyless;
    }

    public SchemaPlan plan(List<PostgresSourceTable> tables, String targetSchema) {
        List<String> before = new ArrayList<>();
        List<String> sequences = new ArrayList<>();
        List<UniqueIndex> uniques = new ArrayList<>();
        List<String> foreignKeys = new ArrayList<>();
        List<String> validations = new ArrayList<>();
        List<String> findings = new ArrayList<>();
        List<SchemaPlan.NotPlanned> notPlanned = new ArrayList<>();
        Set<TableId> migrated = tables.stream().filter(t -> !t.primaryKey().isEmpty() || keyless != KeylessTables.REFUSE)
                .map(PostgresSourceTable::id).collect(Collectors.toSet());
        Map<TableId, Map<String, String>> planned = new LinkedHashMap<>();
        String schemaName = PgIdentifiers.shorten(targetSchema);
        String schema = SchemaPlanner.quote(schemaName);
        before.add("CREATE SCHEMA IF NOT EXISTS " + schema);
        Set<String> enumTypes = new LinkedHashSet<>();
        for (PostgresSourceTable t : tables) {
            if (t.primaryKey().isEmpty() && keyless == KeylessTables.REFUSE) {
                findings.add("table " + t.id() + " has no primary key and tables.withoutPrimaryKey is refuse: it is left out");
                continue;
            }
            String qualified = schema + "." + SchemaPlanner.quote(t.id().table());
            List<String> key = t.primaryKey();
            if (key.isEmpty()) {
                key = t.substituteKey();
                findings.add(key.isEmpty()
                        ? "table " + t.id() + " has no primary key and no unique index over NOT NULL columns: Ferry cannot apply it"
                        : "table " + t.id() + " has no primary key; its unique index on " + key + " becomes the target's primary key");
            }
            List<String> lines = new ArrayList<>();
            Map<String, String> formatTypes = new LinkedHashMap<>();
            for (PostgresSourceTable.Column c : t.columns()) {
                String name = SchemaPlanner.quote(c.name());
                String type = c.formatType();
                String formatType = c.formatType();
                switch (c.typeKind()) {
                    case "e" -> {
                        type = schema + "." + SchemaPlanner.quote(c.typeName());
                        formatType = SchemaPlanner.formatTypeName(schemaName, c.typeName());
                        if (enumTypes.add(c.typeName())) {
                            before.add(1, "DO $ferry$ BEGIN CREATE TYPE " + type + " AS ENUM (" + c.enumLabels().stream()
                                    .map(SchemaPlanner::literal).collect(Collectors.joining(", "))
                                    + "); EXCEPTION WHEN duplicate_object THEN NULL; END $ferry$");
                        }
                    }
                    case "d" -> {
                        type = c.domainBaseType();
                        formatType = c.domainBaseType();
                        findings.add(t.id() + "." + c.name() + ": domain " + c.typeSchema() + "." + c.typeName()
                                + " becomes its base type " + c.domainBaseType() + "; its constraints are not carried");
                    }
                    case "c" -> findings.add(t.id() + "." + c.name() + ": composite type " + c.typeSchema() + "." + c.typeName()
                            + " must exist on the target before the plan is applied");
                    default -> {
                        if (!c.typeSchema().equals("pg_catalog")) {
                            findings.add(t.id() + "." + c.name() + ": type " + c.typeSchema() + "." + c.typeName()
                                    + " (an extension's?) must exist on the target");
                        }
                    }
                }
                StringBuilder line = new StringBuilder("  ").append(name).append(' ').append(type);
                if (!c.nullable()) {
                    line.append(" NOT NULL");
                }
                boolean sequenceDefault = c.defaultExpr() != null && NEXTVAL.matcher(c.defaultExpr()).matches();
                if (c.defaultExpr() != null && !sequenceDefault) {
                    line.append(" DEFAULT ").append(c.defaultExpr());
                }
                if (c.generatedExpr() != null) {
                    line.append(" GENERATED ALWAYS AS (").append(c.generatedExpr()).append(") STORED");
                }
                lines.add(line.toString());
                formatTypes.put(c.name(), formatType);
                if (sequenceDefault || !c.identity().isEmpty()) {
                    String seq = schema + "." + SchemaPlanner.quote(PgIdentifiers.shorten(t.id().table() + "_" + c.name() + "_seq"));
                    String literal = SchemaPlanner.literal(seq);
                    if (c.identity().isEmpty()) {
                        sequences.add("CREATE SEQUENCE IF NOT EXISTS " + seq + " OWNED BY " + qualified + "." + name);
                        sequences.add("SELECT setval(" + literal + ", COALESCE(max(" + name + "), 0) + 1, false) FROM " + qualified);
                        sequences.add("ALTER TABLE " + qualified + " ALTER COLUMN " + name + " SET DEFAULT nextval(" + literal + ")");
                    } else {
                        // Identity is added after the drain, so the applier's explicit values are never refused meanwhile.
                        sequences.add("DO $ferry$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = "
                                + SchemaPlanner.literal(qualified) + "::regclass AND attname = " + SchemaPlanner.literal(c.name())
                                + " AND attidentity <> '') THEN ALTER TABLE " + qualified + " ALTER COLUMN " + name + " ADD GENERATED "
                                + ("a".equals(c.identity()) ? "ALWAYS" : "BY DEFAULT") + " AS IDENTITY (SEQUENCE NAME " + seq
                                + "); END IF; END $ferry$");
                        sequences.add("SELECT setval(" + literal + ", COALESCE(max(" + name + "), 0) + 1, false) FROM " + qualified);
                    }
                }
            }
            for (PostgresSourceTable.Constraint ch : t.checks()) {
                lines.add("  CONSTRAINT " + SchemaPlanner.quote(ch.name()) + " " + ch.definition());
            }
            if (!key.isEmpty()) {
                lines.add("  PRIMARY KEY (" + key.stream().map(SchemaPlanner::quote).collect(Collectors.joining(", ")) + ")");
            }
            before.add("CREATE TABLE IF NOT EXISTS " + qualified + " (\n" + String.join(",\n", lines) + "\n)");
            planned.put(TableId.of(schemaName, t.id().table()), formatTypes);
            if (!t.comment().isBlank()) {
                before.add("COMMENT ON TABLE " + qualified + " IS " + SchemaPlanner.literal(t.comment()));
            }
            for (PostgresSourceTable.Column c : t.columns()) {
                if (!c.comment().isBlank()) {
                    before.add("COMMENT ON COLUMN " + qualified + "." + SchemaPlanner.quote(c.name()) + " IS "
                            + SchemaPlanner.literal(c.comment()));
                }
            }
            for (PostgresSourceTable.Index i : t.indexes()) {
                if (i.columns().equals(key) && i.unique()) {
                    continue;
                }
                if (i.unique()) {
                    UniqueIndex u = new UniqueIndex(schemaName, t.id().table(), i.name(), i.definition());
                    uniques.add(u);
                    before.add(u.createPlain());
                } else {
                    before.add("CREATE INDEX IF NOT EXISTS " + SchemaPlanner.quote(i.name()) + " ON " + qualified + " " + i.definition());
                }
            }
            for (PostgresSourceTable.ForeignKey fk : t.foreignKeys()) {
                if (!migrated.contains(fk.referenced())) {
                    String reason = fk.columns() + " references " + fk.referenced() + fk.referencedColumns()
                            + ", a table that is not in the migration; it is not planned, create it by hand if it is wanted";
                    findings.add(t.id() + ": foreign key " + fk.name() + " " + reason);
                    notPlanned.add(new SchemaPlan.NotPlanned(t.id() + "." + fk.name(), reason));
                    continue;
                }
                TargetForeignKey target = new TargetForeignKey(schemaName, t.id().table(), fk.name(), fk.columns(),
                        fk.referenced().table(), fk.referencedColumns(), fk.onUpdate(), fk.onDelete(), fk.match(), fk.deferrable());
                foreignKeys.add(target.addNotValid());
                validations.add(target.validate());
            }
        }
        return new SchemaPlan(targetSchema, before, sequences, uniques, foreignKeys, validations, planned, findings, notPlanned);
    }
}
