package io.ferry.core.schema.jdbc;

import io.ferry.core.schema.TableId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What PostgreSQL's catalog says about a table: its columns with their types, its primary key, its generated columns;
 * and about a schema: its base tables, the columns of its unique indexes, a table's row estimate. Read for a PostgreSQL
 * source and for the PostgreSQL target alike; and everything the schema planner reads of a source schema (its tables
 * with their comments, columns, indexes, checks and foreign keys, row by row: {@link #tables}, {@link #columnRows},
 * {@link #indexRows}, {@link #checkRows}, {@link #foreignKeyRows}), which {@code PostgresCatalogReader} assembles.
 */
public final class PostgresCatalog {

    private static final String COLUMNS = "SELECT a.attname, format_type(a.atttypid, a.atttypmod) "
            + "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
            + "WHERE n.nspname = ? AND c.relname = ? AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum";
    private static final String PRIMARY_KEY = "SELECT a.attname FROM pg_index i "
            + "JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
            + "JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord) ON true "
            + "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum "
            + "WHERE n.nspname = ? AND c.relname = ? AND i.indisprimary ORDER BY k.ord";

    private static final String GENERATED = "SELECT a.attname "
            + "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
            + "WHERE n.nspname = ? AND c.relname = ? AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated <> ''";

    /**
     * Through {@code information_schema}, which lists only the tables the user has a privilege on: capture selects from
     * those.
     */
    /** Partitions left out: a partitioned table is one table, whose rows and changes are its partitions'. */
    private static final String BASE_TABLES = "SELECT t.table_name FROM information_schema.tables t "
            + "WHERE t.table_schema = ? AND t.table_type = 'BASE TABLE' AND NOT EXISTS (SELECT 1 FROM pg_class c "
            + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = t.table_schema AND c.relname = t.table_name "
            + "AND c.relispartition) ORDER BY t.table_name";
    private static final String UNIQUE_KEYS = "SELECT t.relname, CASE WHEN x.indisprimary THEN 'PRIMARY' ELSE i.relname END, a.attname, "
            + "CASE WHEN a.attnotnull THEN 'NO' ELSE 'YES' END "
            + "FROM pg_index x JOIN pg_class t ON t.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid "
            + "JOIN pg_namespace n ON n.oid = t.relnamespace "
            + "CROSS JOIN LATERAL unnest(x.indkey::int2[]) WITH ORDINALITY k(attnum, ord) "
            + "JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum "
            + "WHERE n.nspname = ? AND x.indisunique AND x.indpred IS NULL AND x.indexprs IS NULL "
            + "ORDER BY t.relname, 2, k.ord";
    private static final String TABLES = "SELECT c.relname, obj_description(c.oid, 'pg_class') FROM pg_class c "
            + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relkind IN ('r', 'p') "
            + "AND NOT c.relispartition ORDER BY c.relname";
    private static final String SCHEMA_COLUMNS = "SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, "
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

    /**
     * A column of a schema's table as {@code pg_attribute} and {@code pg_type} describe it.
     *
     * @param formatType     the type as {@code format_type} prints it
     * @param defaultExpr    the default (or a generated column's expression) as {@code pg_get_expr} prints it, or null
     * @param identity       {@code pg_attribute.attidentity}: empty, {@code a} (always) or {@code d} (by default)
     * @param generated      {@code pg_attribute.attgenerated}: empty or {@code s} (stored)
     * @param typeKind       {@code pg_type.typtype} ({@code b} base, {@code e} enum, {@code d} domain, ...)
     * @param enumLabels     an enum type's labels in order, else empty
     * @param domainBaseType a domain's base type as {@code format_type} prints it, else null
     */
    public record ColumnRow(String table, String name, String formatType, boolean notNull, String defaultExpr, String identity,
                            String generated, String typeKind, String typeSchema, String typeName, String comment,
                            List<String> enumLabels, String domainBaseType) {
    }

    /** An index of a schema's table, the primary key's included; {@code definition} as {@code pg_get_indexdef} prints it. */
    public record IndexRow(String table, String name, boolean primary, boolean unique, String definition, List<String> columns) {
    }

    /** A CHECK constraint of a schema's table, as {@code pg_get_constraintdef} prints it. */
    public record CheckRow(String table, String name, String definition) {
    }

    /**
     * A foreign key of a schema's table.
     *
     * @param updateAction {@code pg_constraint.confupdtype} ({@code a}, {@code r}, {@code c}, {@code n}, {@code d})
     * @param deleteAction {@code pg_constraint.confdeltype}, likewise
     * @param matchType    {@code pg_constraint.confmatchtype} ({@code f} for MATCH FULL)
     */
    public record ForeignKeyRow(String table, String name, TableId referenced, List<String> columns, List<String> referencedColumns,
                                String updateAction, String deleteAction, String matchType, boolean deferrable, boolean deferred) {
    }

    private static final String ROW_ESTIMATE = "SELECT GREATEST(c.reltuples, 0)::bigint FROM pg_class c "
            + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ?";
    private static final String PAGE_ESTIMATE = "SELECT GREATEST(c.relpages, 0)::bigint FROM pg_class c "
            + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ?";

    private PostgresCatalog() {
    }

    /** Column name to type as {@code format_type} spells it, in column order; empty when the table does not exist. */
    public static Map<String, String> columns(Connection c, TableId table) throws SQLException {
        Map<String, String> columns = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(COLUMNS)) {
            ps.setString(1, table.schema());
            ps.setString(2, table.table());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return columns;
    }

    /** The columns PostgreSQL computes ({@code GENERATED ALWAYS AS ... STORED}). */
    public static java.util.Set<String> generatedColumns(Connection c, TableId table) throws SQLException {
        java.util.Set<String> generated = new java.util.LinkedHashSet<>();
        try (PreparedStatement ps = c.prepareStatement(GENERATED)) {
            ps.setString(1, table.schema());
            ps.setString(2, table.table());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    generated.add(rs.getString(1));
                }
            }
        }
        return generated;
    }

    /** The primary key's columns in key order; empty when there is none. */
    public static List<String> primaryKey(Connection c, TableId table) throws SQLException {
        List<String> pk = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(PRIMARY_KEY)) {
            ps.setString(1, table.schema());
            ps.setString(2, table.table());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    pk.add(rs.getString(1));
                }
            }
        }
        return pk;
    }

    /** The base tables of a schema that the user can see, by name. */
    public static List<String> baseTables(Connection c, String schema) throws SQLException {
        List<String> tables = new ArrayList<>();
        CatalogQuery.each(c, BASE_TABLES, rs -> tables.add(rs.getString(1)), schema);
        return tables;
    }

    /**
     * The columns of the unique indexes of a schema's tables (the primary key's index as {@code PRIMARY}) with their
     * nullability; partial and expression indexes are left out, as they cannot key a table.
     */
    public static List<KeyColumn> uniqueKeyColumns(Connection c, String schema) throws SQLException {
        List<KeyColumn> out = new ArrayList<>();
        CatalogQuery.each(c, UNIQUE_KEYS, rs -> out.add(new KeyColumn(rs.getString(1), rs.getString(2), rs.getString(3),
                !"NO".equals(rs.getString(4)))), schema);
        return out;
    }

    /** The planner's estimate of a table's rows ({@code reltuples}, never negative); 0 when the table does not exist. */
    public static long rowEstimate(Connection c, TableId table) throws SQLException {
        return estimate(c, ROW_ESTIMATE, table);
    }

    /** The catalog's estimate of a table's pages (as of its last VACUUM or ANALYZE); 0 when it has none. */
    public static long pageEstimate(Connection c, TableId table) throws SQLException {
        return estimate(c, PAGE_ESTIMATE, table);
    }

    private static long estimate(Connection c, String sql, TableId table) throws SQLException {
        long[] estimate = {0};
        CatalogQuery.each(c, sql, rs -> estimate[0] = rs.getLong(1), table.schema(), table.table());
        return estimate[0];
    }

    /**
     * The tables of a schema (plain and partitioned; partitions are left out, their parent stands for them), by name, each
     * with its comment (null when none). Unlike {@link #baseTables} it lists tables the user has no privilege on too.
     */
    public static Map<String, String> tables(Connection c, String schema) throws SQLException {
        Map<String, String> comments = new LinkedHashMap<>();
        CatalogQuery.each(c, TABLES, rs -> comments.put(rs.getString(1), rs.getString(2)), schema);
        return comments;
    }

    /** The columns of a schema's tables, by table and column order. */
    public static List<ColumnRow> columnRows(Connection c, String schema) throws SQLException {
        List<ColumnRow> out = new ArrayList<>();
        CatalogQuery.each(c, SCHEMA_COLUMNS, rs -> out.add(new ColumnRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11),
                strings(rs.getArray(12)), rs.getString(13))), schema);
        return out;
    }

    /** The indexes of a schema's tables, primary keys included, by table and index name. */
    public static List<IndexRow> indexRows(Connection c, String schema) throws SQLException {
        List<IndexRow> out = new ArrayList<>();
        CatalogQuery.each(c, INDEXES, rs -> out.add(new IndexRow(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getBoolean(4),
                rs.getString(5), strings(rs.getArray(6)))), schema);
        return out;
    }

    /** The CHECK constraints of a schema's tables, by table and name. */
    public static List<CheckRow> checkRows(Connection c, String schema) throws SQLException {
        List<CheckRow> out = new ArrayList<>();
        CatalogQuery.each(c, CHECKS, rs -> out.add(new CheckRow(rs.getString(1), rs.getString(2), rs.getString(3))), schema);
        return out;
    }

    /** The foreign keys of a schema's tables, by table and name. */
    public static List<ForeignKeyRow> foreignKeyRows(Connection c, String schema) throws SQLException {
        List<ForeignKeyRow> out = new ArrayList<>();
        CatalogQuery.each(c, FOREIGN_KEYS, rs -> out.add(new ForeignKeyRow(rs.getString(1), rs.getString(2),
                TableId.of(rs.getString(3), rs.getString(4)), strings(rs.getArray(5)), strings(rs.getArray(6)), rs.getString(7),
                rs.getString(8), rs.getString(9), rs.getBoolean(10), rs.getBoolean(11))), schema);
        return out;
    }

    private static List<String> strings(java.sql.Array a) throws SQLException {
        return a == null ? List.of() : java.util.Arrays.stream((Object[]) a.getArray()).map(String::valueOf).toList();
    }
}
