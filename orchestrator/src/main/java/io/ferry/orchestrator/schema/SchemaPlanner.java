package io.ferry.orchestrator.schema;

import io.ferry.core.config.TablesConfig.KeylessTables;
import io.ferry.core.config.TypesConfig.ZeroDateRule;
import io.ferry.core.config.ZeroDatePolicy;
import io.ferry.core.schema.TableId;
import io.ferry.core.schema.mapping.ColumnDefaults;
import io.ferry.core.schema.mapping.MySqlColumn;
import io.ferry.core.schema.mapping.PgColumnType;
import io.ferry.core.schema.mapping.TypeMapper;
import io.ferry.core.value.LogicalType;
import io.ferry.core.value.ZeroDates;
import io.ferry.core.value.jdbc.Engine;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Turns MySQL/MariaDB tables into a {@link SchemaPlan} for PostgreSQL under the pipeline's type mapping. */
public final class SchemaPlanner {

    private final TypeMapper types;
    private final KeylessTables keyless;

    public SchemaPlanner(TypeMapper types) {
        this(types, KeylessTables.UNIQUE_INDEX);
    }

    /** @param keyless whether a table without a primary key is keyed by a unique index or left out with a finding */
    public SchemaPlanner(TypeMapper types, KeylessTables keyless) {
        this.types = types;
        this.keyless = keyless;
    }

    public SchemaPlan plan(List<MySqlTable> tables, String targetSchema) {
        List<String> before = new ArrayList<>();
        List<String> sequences = new ArrayList<>();
        List<UniqueIndex> uniques = new ArrayList<>();
        List<String> foreignKeys = new ArrayList<>();
        List<String> validations = new ArrayList<>();
        List<String> findings = new ArrayList<>();
        List<SchemaPlan.NotPlanned> notPlanned = new ArrayList<>();
        Map<TableId, MySqlTable> migrated = new LinkedHashMap<>();
        tables.stream().filter(t -> !t.primaryKey().isEmpty() || keyless != KeylessTables.REFUSE).forEach(t -> migrated.put(t.id(), t));
        Map<TableId, Map<String, String>> planned = new LinkedHashMap<>();
        PgIdentifiers tableNames = new PgIdentifiers("schema " + targetSchema);
        PgIdentifiers constraintNames = new PgIdentifiers("schema " + targetSchema + " (indexes and constraints)");
        String schema = quote(PgIdentifiers.shorten(targetSchema));
        before.add("CREATE SCHEMA IF NOT EXISTS " + schema);
        for (MySqlTable t : tables) {
            if (t.primaryKey().isEmpty() && keyless == KeylessTables.REFUSE) {
                findings.add("table " + t.id() + " has no primary key and tables.withoutPrimaryKey is refuse: it is left out");
                continue;
            }
            String tableName = tableNames.name(t.id().table());
            String qualified = schema + "." + quote(tableName);
            PgIdentifiers columnNames = new PgIdentifiers("table " + t.id());
            Map<String, String> colName = new LinkedHashMap<>();
            t.columns().forEach(c -> colName.put(c.name(), columnNames.name(c.name())));
            List<String> key = t.primaryKey();
            if (key.isEmpty()) {
                key = io.ferry.core.schema.SubstituteKey.choose(t.indexes().stream().filter(MySqlTable.Index::unique)
                        .map(MySqlTable.Index::columns).toList(), c -> !t.column(c).nullable());
                findings.add(key.isEmpty()
                        ? "table " + t.id() + " has no primary key and no unique index over NOT NULL columns: Ferry cannot apply it"
                        : "table " + t.id() + " has no primary key; its unique index on " + key + " becomes the target's primary key");
            }
            List<String> lines = new ArrayList<>();
            Map<String, String> formatTypes = new LinkedHashMap<>();
            for (MySqlColumn c : t.columns()) {
                PgColumnType type = types.map(t.id(), c);
                String name = quote(colName.get(c.name()));
                String typeSql = type.sql();
                String formatType = PgColumnType.formatType(type.sql());
                if (type.pgEnum()) {
                    String enumName = tableNames.name(t.id().table() + "_" + c.name() + "_enum");
                    typeSql = schema + "." + quote(enumName);
                    formatType = formatTypeName(PgIdentifiers.shorten(targetSchema), enumName);
                    before.add("DO $ferry$ BEGIN CREATE TYPE " + typeSql + " AS ENUM ("
                            + type.enumLabels().stream().map(l -> "'" + l.replace("'", "''") + "'").collect(Collectors.joining(", "))
                            + "); EXCEPTION WHEN duplicate_object THEN NULL; END $ferry$");
                }
                StringBuilder line = new StringBuilder("  ").append(name).append(' ').append(typeSql);
                String generated = c.generated() ? GeneratedColumns.translate(c.generationExpression(), colName) : null;
                if (c.generated() && generated == null) {
                    findings.add(t.id() + "." + c.name() + ": generated column (" + c.generationExpression()
                            + ") cannot be expressed in PostgreSQL; it becomes a plain column filled with the source's values");
                }
                boolean zeroDatesAsNull = c.temporalWithDate()
                        && zeroDateRule(t.id(), c).policy() == ZeroDatePolicy.AS_NULL;
                if (!c.nullable() && zeroDatesAsNull) {
                    findings.add(t.id() + "." + c.name() + ": NOT NULL on the source, nullable on the target, "
                            + "because zero dates become NULL (types.zeroDates: as_null)");
                } else if (!c.nullable()) {
                    line.append(" NOT NULL");
                }
                String dflt = generated != null ? null : ColumnDefaults.expression(c, type, t.id(), findings);
                if (dflt != null) {
                    line.append(" DEFAULT ").append(dflt);
                }
                if (generated != null) {
                    line.append(" GENERATED ALWAYS AS (").append(generated).append(") STORED");
                }
                if (type.check() != null) {
                    line.append(" CHECK (").append(name).append(type.check()).append(')');
                }
                if (type.warning() != null) {
                    findings.add(t.id() + "." + c.name() + ": " + type.warning());
                }
                lines.add(line.toString());
                formatTypes.put(colName.get(c.name()), formatType);
                if (c.autoIncrement()) {
                    String seq = quote(constraintNames.name(tableName + "_" + colName.get(c.name()) + "_seq"));
                    sequences.add("CREATE SEQUENCE IF NOT EXISTS " + schema + "." + seq + " OWNED BY " + qualified + "." + name);
                    // An UNSIGNED BIGINT key is numeric(20,0) here, and setval takes a bigint: cast, as a sequence holds no more.
                    sequences.add("SELECT setval('" + (schema + "." + seq).replace("'", "''") + "', (COALESCE(max(" + name + "), 0) + 1)::bigint, false) FROM "
                            + qualified);
                    sequences.add("ALTER TABLE " + qualified + " ALTER COLUMN " + name + " SET DEFAULT nextval('"
                            + (schema + "." + seq).replace("'", "''") + "')");
                }
            }
            if (!key.isEmpty()) {
                lines.add("  PRIMARY KEY (" + key.stream().map(k -> quote(colName.get(k))).collect(Collectors.joining(", ")) + ")");
            }
            before.add("CREATE TABLE IF NOT EXISTS " + qualified + " (\n" + String.join(",\n", lines) + "\n)");
            planned.put(TableId.of(PgIdentifiers.shorten(targetSchema), tableName), formatTypes);
            if (t.comment() != null && !t.comment().isBlank()) {
                before.add("COMMENT ON TABLE " + qualified + " IS '" + t.comment().replace("'", "''") + "'");
            }
            for (MySqlColumn c : t.columns()) {
                if (!c.comment().isBlank()) {
                    before.add("COMMENT ON COLUMN " + qualified + "." + quote(colName.get(c.name())) + " IS '"
                            + c.comment().replace("'", "''") + "'");
                }
            }
            for (MySqlTable.Index i : t.indexes()) {
                if (i.columns().equals(key)) {
                    continue;
                }
                String name = constraintNames.name(tableName + "_" + i.name());
                String columns = "(" + i.columns().stream().map(c -> quote(colName.get(c))).collect(Collectors.joining(", ")) + ")";
                if (i.unique()) {
                    UniqueIndex u = new UniqueIndex(PgIdentifiers.shorten(targetSchema), tableName, name, columns);
                    uniques.add(u);
                    before.add(u.createPlain());
                } else {
                    before.add("CREATE INDEX IF NOT EXISTS " + quote(name) + " ON " + qualified + " " + columns);
                }
            }
            for (MySqlTable.Check ch : t.checks()) {
                if (!ch.clause().toLowerCase(Locale.ROOT).startsWith("json_valid(")) {
                    findings.add(t.id() + ": CHECK " + ch.name() + " (" + ch.clause() + ") is in MySQL's SQL and is not carried over; recreate it by hand");
                }
            }
            PgIdentifiers fkNames = new PgIdentifiers("table " + t.id() + " (foreign keys)");
            for (MySqlTable.ForeignKey fk : t.foreignKeys()) {
                String problem = foreignKeyProblem(fk, migrated);
                if (problem != null) {
                    String reason = fk.columns() + " references " + fk.referenced() + fk.referencedColumns() + ", " + problem
                            + "; it is not planned, create it by hand if it is wanted";
                    findings.add(t.id() + ": foreign key " + fk.name() + " " + reason);
                    notPlanned.add(new SchemaPlan.NotPlanned(t.id() + "." + fk.name(), reason));
                    continue;
                }
                TargetForeignKey target = new TargetForeignKey(PgIdentifiers.shorten(targetSchema), tableName, fkNames.name(fk.name()),
                        fk.columns().stream().map(colName::get).toList(), PgIdentifiers.shorten(fk.referenced().table()),
                        fk.referencedColumns().stream().map(PgIdentifiers::shorten).toList(), fk.onUpdate(), fk.onDelete(), "", "");
                foreignKeys.add(target.addNotValid());
                validations.add(target.validate());
            }
        }
        return new SchemaPlan(targetSchema, before, sequences, uniques, foreignKeys, validations, planned, findings, notPlanned);
    }

    /**
     * Why a foreign key cannot be created on the target, or null: its table is not migrated (another database, not
     * selected, left out), PostgreSQL wants a unique key where InnoDB takes any index, or an action is unknown.
     */
    private static String foreignKeyProblem(MySqlTable.ForeignKey fk, Map<TableId, MySqlTable> migrated) {
        MySqlTable referenced = migrated.get(fk.referenced());
        if (referenced == null) {
            return "a table that is not in the migration";
        }
        Set<String> refColumns = new HashSet<>(fk.referencedColumns());
        boolean unique = new HashSet<>(referenced.primaryKey()).equals(refColumns)
                || referenced.indexes().stream().anyMatch(i -> i.unique() && new HashSet<>(i.columns()).equals(refColumns));
        if (!unique) {
            return "columns that are neither its primary key nor a unique index (PostgreSQL requires one)";
        }
        if (!TargetForeignKey.ACTIONS.contains(fk.onUpdate()) || !TargetForeignKey.ACTIONS.contains(fk.onDelete())) {
            return "with actions ON UPDATE " + fk.onUpdate() + " ON DELETE " + fk.onDelete() + " that PostgreSQL does not know";
        }
        return null;
    }

    /** A column's zero-date rule, with its sentinel checked against the column's type now rather than at capture. */
    private ZeroDateRule zeroDateRule(TableId table, MySqlColumn c) {
        ZeroDateRule rule = types.rules().zeroDateRule(table.table(), c.name());
        if (rule.policy() == ZeroDatePolicy.SENTINEL) {
            LogicalType type = switch (c.dataType()) {
                case "date" -> LogicalType.DATE;
                case "datetime" -> LogicalType.DATETIME;
                default -> LogicalType.TIMESTAMP;
            };
            ZeroDates.sentinel(type, rule.sentinel(), table + "." + c.name());
        }
        return rule;
    }

    /** A type's name as {@code format_type} prints it: qualified unless its schema is on the default search path. */
    static String formatTypeName(String schema, String type) {
        return (schema.equals("public") ? "" : PgIdentifiers.quoteIfNeeded(schema) + ".") + PgIdentifiers.quoteIfNeeded(type);
    }

    static String quote(String identifier) {
        return Engine.POSTGRESQL.quote(identifier);
    }

    /** A string literal in the plan's SQL, which is the PostgreSQL target's (its dialect spells it). */
    static String literal(String text) {
        return io.ferry.apply.dialect.TargetDialects.of(io.ferry.core.config.TargetKind.POSTGRESQL).literal(text);
    }
}
