package io.ferry.core.schema.jdbc;

import io.ferry.core.schema.TableId;
import io.ferry.core.schema.mapping.MySqlColumn;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a MySQL or MariaDB catalog ({@code information_schema} and {@code SHOW CREATE TABLE}) says about the tables of
 * a database: the one place Ferry reads it, for the schema planner, {@code ferry check}, capture (table list, keys of
 * keyless tables, snapshot reads), the bulk load and the validator. Rows come back as the catalog orders them; callers
 * assemble them into their own views. A table Ferry writes to (the reverse target of a rollback) is read here too
 * ({@link #columns(Connection, TableId)}, {@link #generatedColumns}, {@link #uniqueIndexes}).
 */
public final class MySqlCatalog {

    private static final String TABLES = "SELECT table_name, table_comment FROM information_schema.tables "
            + "WHERE table_schema = ? AND table_type = 'BASE TABLE' ORDER BY table_name";
    private static final String COLUMN_LIST = "SELECT table_name, column_name, data_type, column_type, is_nullable, "
            + "character_maximum_length, numeric_precision, numeric_scale, datetime_precision, column_default, extra, "
            + "generation_expression, character_set_name, collation_name, column_comment FROM information_schema.columns ";
    private static final String COLUMNS = COLUMN_LIST + "WHERE table_schema = ? ORDER BY table_name, ordinal_position";
    private static final String TABLE_COLUMNS = COLUMN_LIST + "WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position";
    private static final String INDEXES = "SELECT table_name, index_name, non_unique, column_name "
            + "FROM information_schema.statistics WHERE table_schema = ? ORDER BY table_name, index_name, seq_in_index";
    private static final String PRIMARY_KEY = "SELECT column_name FROM information_schema.statistics "
            + "WHERE table_schema = ? AND table_name = ? AND index_name = 'PRIMARY' ORDER BY seq_in_index";
    private static final String UNIQUE_KEYS = "SELECT s.table_name, s.index_name, s.column_name, c.is_nullable "
            + "FROM information_schema.statistics s JOIN information_schema.columns c ON c.table_schema = s.table_schema "
            + "AND c.table_name = s.table_name AND c.column_name = s.column_name "
            + "WHERE s.table_schema = ? AND s.non_unique = 0 ORDER BY s.table_name, s.index_name, s.seq_in_index";
    /** The actions are not here: {@code SHOW CREATE TABLE} has them ({@link #showCreateTable}). */
    private static final String FOREIGN_KEYS = "SELECT table_name, constraint_name, column_name, "
            + "referenced_table_schema, referenced_table_name, referenced_column_name "
            + "FROM information_schema.key_column_usage WHERE table_schema = ? AND referenced_table_name IS NOT NULL "
            + "ORDER BY table_name, constraint_name, ordinal_position";
    /** MariaDB names column-level checks per table; MySQL 8 only per schema, through table_constraints. */
    private static final String CHECKS_MARIADB = "SELECT table_name, constraint_name, check_clause "
            + "FROM information_schema.check_constraints WHERE constraint_schema = ? ORDER BY table_name, constraint_name";
    private static final String CHECKS_MYSQL = "SELECT tc.table_name, cc.constraint_name, cc.check_clause "
            + "FROM information_schema.check_constraints cc JOIN information_schema.table_constraints tc "
            + "ON tc.constraint_schema = cc.constraint_schema AND tc.constraint_name = cc.constraint_name "
            + "WHERE cc.constraint_schema = ? AND tc.constraint_type = 'CHECK' ORDER BY tc.table_name, cc.constraint_name";
    private static final String WRITTEN_COLUMNS = "SELECT column_name, column_type, generation_expression, extra "
            + "FROM information_schema.columns WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position";
    private static final String TABLE_UNIQUE_INDEXES = "SELECT index_name, column_name FROM information_schema.statistics "
            + "WHERE table_schema = ? AND table_name = ? AND non_unique = 0 ORDER BY index_name, seq_in_index";
    private static final String ROW_ESTIMATE = "SELECT table_rows FROM information_schema.tables WHERE table_schema = ? AND table_name = ?";
    private static final String AVERAGE_ROW_LENGTH = "SELECT COALESCE(avg_row_length, 0) FROM information_schema.tables "
            + "WHERE table_schema = ? AND table_name = ?";

    /** One column of an index, in index order. */
    public record IndexColumn(String table, String index, boolean unique, String column) {
    }

    /** One column of a foreign key, in key order. */
    public record ForeignKeyColumn(String table, String constraint, String column, TableId referenced, String referencedColumn) {
    }

    /** A CHECK constraint, in MySQL's SQL. */
    public record Check(String table, String name, String clause) {
    }

    private MySqlCatalog() {
    }

    /** The base tables of a database (no views), by name, each with its comment. */
    public static Map<String, String> baseTables(Connection c, String database) throws SQLException {
        Map<String, String> comments = new LinkedHashMap<>();
        CatalogQuery.each(c, TABLES, rs -> comments.put(rs.getString(1), rs.getString(2)), database);
        return comments;
    }

    /** The columns of every table of a database, by table, in column order. */
    public static Map<String, List<MySqlColumn>> columns(Connection c, String database) throws SQLException {
        Map<String, List<MySqlColumn>> columns = new LinkedHashMap<>();
        CatalogQuery.each(c, COLUMNS, rs -> columns.computeIfAbsent(rs.getString(1), t -> new ArrayList<>()).add(column(rs)), database);
        return columns;
    }

    /** The columns of one table in column order; empty when the table does not exist. */
    public static List<MySqlColumn> tableColumns(Connection c, TableId table) throws SQLException {
        List<MySqlColumn> columns = new ArrayList<>();
        CatalogQuery.each(c, TABLE_COLUMNS, rs -> columns.add(column(rs)), table.schema(), table.table());
        return columns;
    }

    /** Every index column of a database's tables, primary keys ({@code PRIMARY}) included. */
    public static List<IndexColumn> indexColumns(Connection c, String database) throws SQLException {
        List<IndexColumn> out = new ArrayList<>();
        CatalogQuery.each(c, INDEXES, rs -> out.add(new IndexColumn(rs.getString(1), rs.getString(2), rs.getInt(3) == 0, rs.getString(4))), database);
        return out;
    }

    /** The columns of the unique indexes (primary keys as {@code PRIMARY}) of a database's tables, with their nullability. */
    public static List<KeyColumn> uniqueKeyColumns(Connection c, String database) throws SQLException {
        List<KeyColumn> out = new ArrayList<>();
        CatalogQuery.each(c, UNIQUE_KEYS, rs -> out.add(new KeyColumn(rs.getString(1), rs.getString(2), rs.getString(3), !"NO".equals(rs.getString(4)))),
                database);
        return out;
    }

    /** The primary key's columns of one table in key order; empty when it has none. */
    public static List<String> primaryKey(Connection c, TableId table) throws SQLException {
        List<String> key = new ArrayList<>();
        CatalogQuery.each(c, PRIMARY_KEY, rs -> key.add(rs.getString(1)), table.schema(), table.table());
        return key;
    }

    /** The columns of the foreign keys of a database's tables. */
    public static List<ForeignKeyColumn> foreignKeyColumns(Connection c, String database) throws SQLException {
        List<ForeignKeyColumn> out = new ArrayList<>();
        CatalogQuery.each(c, FOREIGN_KEYS, rs -> out.add(new ForeignKeyColumn(rs.getString(1), rs.getString(2), rs.getString(3),
                TableId.of(rs.getString(4), rs.getString(5)), rs.getString(6))), database);
        return out;
    }

    /** The CHECK constraints of a database's tables (MariaDB's catalog first, MySQL 8's when that fails). */
    public static List<Check> checks(Connection c, String database) throws SQLException {
        List<Check> out = new ArrayList<>();
        CatalogQuery.Row check = rs -> out.add(new Check(rs.getString(1), rs.getString(2), rs.getString(3)));
        try {
            CatalogQuery.each(c, CHECKS_MARIADB, check, database);
        } catch (SQLException notMariaDb) {
            out.clear();
            CatalogQuery.each(c, CHECKS_MYSQL, check, database);
        }
        return out;
    }

    /** The table's {@code CREATE TABLE} statement as the server prints it. */
    public static String showCreateTable(Connection c, TableId table) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW CREATE TABLE " + io.ferry.core.value.jdbc.Engine.MYSQL.quote(table.schema()) + "."
                     + io.ferry.core.value.jdbc.Engine.MYSQL.quote(table.table()))) {
            rs.next();
            return rs.getString(2);
        }
    }

    /** Column name to {@code column_type} as the server spells it ({@code bigint(20) unsigned}), in column order; empty when there is no table. */
    public static Map<String, String> columns(Connection c, TableId table) throws SQLException {
        Map<String, String> columns = new LinkedHashMap<>();
        CatalogQuery.each(c, WRITTEN_COLUMNS, rs -> columns.put(rs.getString(1), rs.getString(2)), table.schema(), table.table());
        return columns;
    }

    /** The columns the server computes (VIRTUAL or STORED generated), which writes leave out. */
    public static Set<String> generatedColumns(Connection c, TableId table) throws SQLException {
        Set<String> generated = new LinkedHashSet<>();
        CatalogQuery.each(c, WRITTEN_COLUMNS, rs -> {
            String expression = rs.getString(3);
            String extra = rs.getString(4);
            if (expression != null && !expression.isBlank() || extra != null && extra.toUpperCase(java.util.Locale.ROOT).contains("GENERATED")) {
                generated.add(rs.getString(1));
            }
        }, table.schema(), table.table());
        return generated;
    }

    /** Every unique index of one table (the primary key is {@code PRIMARY}) with its columns in index order. */
    public static Map<String, List<String>> uniqueIndexes(Connection c, TableId table) throws SQLException {
        Map<String, List<String>> indexes = new LinkedHashMap<>();
        CatalogQuery.each(c, TABLE_UNIQUE_INDEXES, rs -> indexes.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2)),
                table.schema(), table.table());
        return indexes;
    }

    /** The unique indexes of one table other than the primary key, by name. */
    public static Map<String, List<String>> secondaryUniqueIndexes(Connection c, TableId table) throws SQLException {
        Map<String, List<String>> all = uniqueIndexes(c, table);
        all.remove("PRIMARY");
        return all;
    }

    /** The catalog's estimate of a table's rows; 0 when it has none. */
    public static long rowEstimate(Connection c, TableId table) throws SQLException {
        return firstLong(c, ROW_ESTIMATE, table);
    }

    /** The catalog's average row length of a table in bytes; 0 when it has none. */
    public static long averageRowLength(Connection c, TableId table) throws SQLException {
        return firstLong(c, AVERAGE_ROW_LENGTH, table);
    }

    private static long firstLong(Connection c, String sql, TableId table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, table.schema());
            ps.setString(2, table.table());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    private static MySqlColumn column(ResultSet rs) throws SQLException {
        return new MySqlColumn(rs.getString(2), rs.getString(3), rs.getString(4), "YES".equals(rs.getString(5)), longOrNull(rs, 6),
                intOrNull(rs, 7), intOrNull(rs, 8), intOrNull(rs, 9), rs.getString(10), rs.getString(11),
                rs.getString(12), rs.getString(13), rs.getString(14), rs.getString(15));
    }

    private static Long longOrNull(ResultSet rs, int i) throws SQLException {
        long v = rs.getLong(i);
        return rs.wasNull() ? null : v;
    }

    private static Integer intOrNull(ResultSet rs, int i) throws SQLException {
        int v = rs.getInt(i);
        return rs.wasNull() ? null : v;
    }
}
