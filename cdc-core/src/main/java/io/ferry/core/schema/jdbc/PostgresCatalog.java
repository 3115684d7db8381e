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
 * source and for the PostgreSQL target alike. (The schema planner's full reading of a source schema is
 * {@code PostgresCatalogReader}.)
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
    private static final String BASE_TABLES = "SELECT table_name FROM information_schema.tables "
            + "WHERE table_schema = ? AND table_type = 'BASE TABLE' ORDER BY table_name";
    private static final String UNIQUE_KEYS = "SELECT t.relname, CASE WHEN x.indisprimary THEN 'PRIMARY' ELSE i.relname END, a.attname, "
            + "CASE WHEN a.attnotnull THEN 'NO' ELSE 'YES' END "
            + "FROM pg_index x JOIN pg_class t ON t.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid "
            + "JOIN pg_namespace n ON n.oid = t.relnamespace "
            + "CROSS JOIN LATERAL unnest(x.indkey::int2[]) WITH ORDINALITY k(attnum, ord) "
            + "JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum "
            + "WHERE n.nspname = ? AND x.indisunique AND x.indpred IS NULL AND x.indexprs IS NULL "
            + "ORDER BY t.relname, 2, k.ord";
    private static final String ROW_ESTIMATE = "SELECT GREATEST(c.reltuples, 0)::bigint FROM pg_class c "
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
        long[] estimate = {0};
        CatalogQuery.each(c, ROW_ESTIMATE, rs -> estimate[0] = rs.getLong(1), table.schema(), table.table());
        return estimate[0];
    }
}
