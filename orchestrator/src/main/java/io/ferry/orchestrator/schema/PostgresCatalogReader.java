package io.ferry.orchestrator.schema;

import io.ferry.core.config.PipelineConfig;
import io.ferry.core.schema.TableId;
import io.ferry.core.schema.jdbc.PostgresCatalog;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the tables of one PostgreSQL schema, as the schema planner and {@code ferry check} see them, from {@link PostgresCatalog}. */
public final class PostgresCatalogReader {

    private PostgresCatalogReader() {
    }

    /** The tables of the pipeline's source schema that its include/exclude patterns select. */
    public static List<PostgresSourceTable> readSelected(Connection c, PipelineConfig pipeline) throws SQLException {
        return read(c, pipeline.source().schema()).stream().filter(t -> pipeline.tables().includes(t.id().table())).toList();
    }

    public static List<PostgresSourceTable> read(Connection c, String schema) throws SQLException {
        Map<String, String> comments = PostgresCatalog.tables(c, schema);
        Map<String, List<PostgresSourceTable.Column>> columns = new LinkedHashMap<>();
        for (PostgresCatalog.ColumnRow r : PostgresCatalog.columnRows(c, schema)) {
            columns.computeIfAbsent(r.table(), t -> new ArrayList<>()).add(new PostgresSourceTable.Column(r.name(), r.formatType(),
                    !r.notNull(), r.defaultExpr(), r.identity(), "s".equals(r.generated()) ? r.defaultExpr() : null, r.typeKind(),
                    r.typeSchema(), r.typeName(), r.enumLabels(), r.domainBaseType(), r.comment()));
        }
        Map<String, List<String>> primaryKeys = new LinkedHashMap<>();
        Map<String, List<PostgresSourceTable.Index>> indexes = new LinkedHashMap<>();
        for (PostgresCatalog.IndexRow r : PostgresCatalog.indexRows(c, schema)) {
            if (r.primary()) {
                primaryKeys.put(r.table(), r.columns());
                continue;
            }
            String def = r.definition();
            int using = def.indexOf(" USING ");
            indexes.computeIfAbsent(r.table(), t -> new ArrayList<>()).add(new PostgresSourceTable.Index(
                    r.name(), r.unique(), r.columns(), using < 0 ? def : def.substring(using + 1)));
        }
        Map<String, List<PostgresSourceTable.Constraint>> checks = new LinkedHashMap<>();
        for (PostgresCatalog.CheckRow r : PostgresCatalog.checkRows(c, schema)) {
            checks.computeIfAbsent(r.table(), t -> new ArrayList<>()).add(new PostgresSourceTable.Constraint(r.name(), r.definition()));
        }
        Map<String, List<PostgresSourceTable.ForeignKey>> fks = new LinkedHashMap<>();
        for (PostgresCatalog.ForeignKeyRow r : PostgresCatalog.foreignKeyRows(c, schema)) {
            fks.computeIfAbsent(r.table(), t -> new ArrayList<>()).add(new PostgresSourceTable.ForeignKey(r.name(), r.columns(),
                    r.referenced(), r.referencedColumns(), action(r.updateAction()), action(r.deleteAction()),
                    "f".equals(r.matchType()) ? "MATCH FULL" : "",
                    r.deferrable() ? "DEFERRABLE INITIALLY " + (r.deferred() ? "DEFERRED" : "IMMEDIATE") : ""));
        }
        List<PostgresSourceTable> tables = new ArrayList<>();
        for (var e : comments.entrySet()) {
            String t = e.getKey();
            // Identity and generated columns carry no default of their own; pg_attrdef holds the generation expression.
            List<PostgresSourceTable.Column> cols = columns.getOrDefault(t, List.of()).stream()
                    .map(col -> col.generatedExpr() != null ? new PostgresSourceTable.Column(col.name(), col.formatType(), col.nullable(),
                            null, col.identity(), col.generatedExpr(), col.typeKind(), col.typeSchema(), col.typeName(),
                            col.enumLabels(), col.domainBaseType(), col.comment()) : col)
                    .toList();
            tables.add(new PostgresSourceTable(TableId.of(schema, t), cols, primaryKeys.getOrDefault(t, List.of()),
                    indexes.getOrDefault(t, List.of()), checks.getOrDefault(t, List.of()), fks.getOrDefault(t, List.of()), e.getValue()));
        }
        return tables;
    }

    /** {@code pg_constraint.confupdtype} and {@code confdeltype} as SQL spells them. */
    private static String action(String code) {
        return switch (code) {
            case "r" -> "RESTRICT";
            case "c" -> "CASCADE";
            case "n" -> "SET NULL";
            case "d" -> "SET DEFAULT";
            case "a" -> "NO ACTION";
            default -> throw new IllegalArgumentException("unknown foreign key action code '" + code + "' in pg_constraint");
        };
    }
}
