package io.ferry.core.schema.jdbc;

import io.ferry.core.schema.TableId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a MySQL/MariaDB catalog says about one table that Ferry writes to (the reverse target of a rollback): its columns
 * with their declared types, its generated columns, its primary key and its other unique indexes. The schema of a
 * {@link TableId} is the database.
 */
public final class MySqlCatalog {

    private static final String COLUMNS = "SELECT column_name, column_type, generation_expression, extra "
            + "FROM information_schema.columns WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position";
    private static final String INDEXES = "SELECT index_name, column_name FROM information_schema.statistics "
            + "WHERE table_schema = ? AND table_name = ? AND non_unique = 0 ORDER BY index_name, seq_in_index";

    private MySqlCatalog() {
    }

    /** Column name to {@code column_type} ({@code bigint(20) unsigned}), in column order; empty when there is no table. */
    public static Map<String, String> columns(Connection c, TableId table) throws SQLException {
        Map<String, String> columns = new LinkedHashMap<>();
        query(c, COLUMNS, table, rs -> columns.put(rs.getString(1), rs.getString(2)));
        return columns;
    }

    /** The columns the server computes (VIRTUAL or STORED generated), which writes leave out. */
    public static Set<String> generatedColumns(Connection c, TableId table) throws SQLException {
        Set<String> generated = new LinkedHashSet<>();
        query(c, COLUMNS, table, rs -> {
            String expression = rs.getString(3);
            String extra = rs.getString(4);
            if (expression != null && !expression.isBlank() || extra != null && extra.toUpperCase(java.util.Locale.ROOT).contains("GENERATED")) {
                generated.add(rs.getString(1));
            }
        });
        return generated;
    }

    /** Every unique index (the primary key is {@code PRIMARY}) with its columns in index order. */
    public static Map<String, List<String>> uniqueIndexes(Connection c, TableId table) throws SQLException {
        Map<String, List<String>> indexes = new LinkedHashMap<>();
        query(c, INDEXES, table, rs -> indexes.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2)));
        return indexes;
    }

    /** The primary key's columns in key order; empty when there is none. */
    public static List<String> primaryKey(Connection c, TableId table) throws SQLException {
        return uniqueIndexes(c, table).getOrDefault("PRIMARY", List.of());
    }

    /** The unique indexes other than the primary key, by name. */
    public static Map<String, List<String>> secondaryUniqueIndexes(Connection c, TableId table) throws SQLException {
        Map<String, List<String>> all = uniqueIndexes(c, table);
        all.remove("PRIMARY");
        return all;
    }

    private interface Row {
        void accept(ResultSet rs) throws SQLException;
    }

    private static void query(Connection c, String sql, TableId table, Row row) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, table.schema());
            ps.setString(2, table.table());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    row.accept(rs);
                }
            }
        }
    }
}
