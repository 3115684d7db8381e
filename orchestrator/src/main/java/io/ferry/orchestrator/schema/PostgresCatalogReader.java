package io.ferry.orchestrator.schema;

import io.ferry.core.config.PipelineConfig;
import io.ferry.core.schema.TableId;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the tables of one PostgreSQL schema from the system catalog. */
public final class PostgresCatalogReader {

    private static final String TABLES = "SELECT c.relname, obj_description(c.oid, 'pg_class') FROM pg_class c "
            + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relkind IN ('r', 'p') "
            + "AND NOT c.relispartition ORDER BY c.relname";
    private static final String COLUMNS = "SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, "
            + "pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated, t.typtype, tn.nspname, t.typname, "
            + "col_description(a.attrelid, a.attnum), "
            + "(SELECT array_agg(e.enumlabel ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid), "
            + "CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) END "
            + "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
            + "JOIN pg_type t ON t.oid = a.atttypid JOIN pg_namespace tn ON tn.oid = t.typnamespace "
            + "LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
            + "WHERE n.nspname = ? AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped ORDER BY c.relname, a.attnum";
    private static final String INDEXES = "SELECT c.relname, i.relname, x.indisprimary, x.indisunique, pg_get_indexdef(x.indexrelid), "
            + "(SELECT array_agg(a.attname ORDER BY k.ord) FROM unnest(x.indkey) WITH ORDINALITY AS k(attnum, ord) "
            + " JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum) "
            + "FROM pg_index x JOIN pg_class c ON c.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid "
            + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? ORDER BY c.relname, i.relname";
    private static final String CHECKS = "SELECT c.relname, con.conname, pg_get_constraintdef(con.oid) "
            + "FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
            + "WHERE n.nspname = ? AND con.contype = 'c' ORDER BY c.relname, con.conname";
    /** Columns and actions one by one, so that no name has to be parsed back out of {@code pg_get_constraintdef}. */
    private static final String FOREIGN_KEYS = "SELECT c.relname, con.conname, rn.nspname, rc.relname, "
            + "(SELECT array_agg(a.attname ORDER BY k.ord) FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord) "
            + " JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum), "
            + "(SELECT array_agg(a.attname ORDER BY k.ord) FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord) "
            + " JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum), "
            + "con.confupdtype, con.confdeltype, con.confmatchtype, con.condeferrable, con.condeferred "
            + "FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
            + "JOIN pg_class rc ON rc.oid = con.confrelid JOIN pg_namespace rn ON rn.oid = rc.relnamespace "
            + "WHERE n.nspname = ? AND con.contype = 'f' ORDER BY c.relname, con.conname";

    private PostgresCatalogReader() {
    }

    /** The tables of the pipeline's source schema that its include/exclude patterns select. */
    public static List<PostgresSourceTable> readSelected(Connection c, PipelineConfig pipeline) throws SQLException {
        return read(c, pipeline.source().schema()).stream().filter(t -> pipeline.tables().includes(t.id().table())).toList();
    }

    public static List<PostgresSourceTable> read(Connection c, String schema) throws SQLException {
        Map<String, String> comments = new LinkedHashMap<>();
        CatalogQuery.each(c, TABLES, schema, rs -> comments.put(rs.getString(1), rs.getString(2)));
        Map<String, List<PostgresSourceTable.Column>> columns = new LinkedHashMap<>();
        CatalogQuery.each(c, COLUMNS, schema, rs -> columns.computeIfAbsent(rs.getString(1), t -> new ArrayList<>()).add(
                new PostgresSourceTable.Column(rs.getString(2), rs.getString(3), !rs.getBoolean(4), rs.getString(5),
                        rs.getString(6), "s".equals(rs.getString(7)) ? rs.getString(5) : null, rs.getString(8), rs.getString(9),
                        rs.getString(10), strings(rs.getArray(12)), rs.getString(13), rs.getString(11))));
        Map<String, List<String>> primaryKeys = new LinkedHashMap<>();
        Map<String, List<PostgresSourceTable.Index>> indexes = new LinkedHashMap<>();
        CatalogQuery.each(c, INDEXES, schema, rs -> {
            List<String> cols = strings(rs.getArray(6));
            if (rs.getBoolean(3)) {
                primaryKeys.put(rs.getString(1), cols);
                return;
            }
            String def = rs.getString(5);
            int using = def.indexOf(" USING ");
            indexes.computeIfAbsent(rs.getString(1), t -> new ArrayList<>()).add(new PostgresSourceTable.Index(
                    rs.getString(2), rs.getBoolean(4), cols, using < 0 ? def : def.substring(using + 1)));
        });
        Map<String, List<PostgresSourceTable.Constraint>> checks = new LinkedHashMap<>();
        Map<String, List<PostgresSourceTable.ForeignKey>> fks = new LinkedHashMap<>();
        CatalogQuery.each(c, CHECKS, schema, rs -> checks.computeIfAbsent(rs.getString(1), t -> new ArrayList<>())
                .add(new PostgresSourceTable.Constraint(rs.getString(2), rs.getString(3))));
        CatalogQuery.each(c, FOREIGN_KEYS, schema, rs -> fks.computeIfAbsent(rs.getString(1), t -> new ArrayList<>()).add(
                new PostgresSourceTable.ForeignKey(rs.getString(2), strings(rs.getArray(5)), TableId.of(rs.getString(3), rs.getString(4)),
                        strings(rs.getArray(6)), action(rs.getString(7)), action(rs.getString(8)),
                        "f".equals(rs.getString(9)) ? "MATCH FULL" : "",
                        rs.getBoolean(10) ? "DEFERRABLE INITIALLY " + (rs.getBoolean(11) ? "DEFERRED" : "IMMEDIATE") : "")));
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

    private static List<String> strings(Array a) throws SQLException {
        return a == null ? List.of() : Arrays.stream((Object[]) a.getArray()).map(String::valueOf).toList();
    }
}
