package io.ferry.orchestrator.schema;

import io.ferry.core.config.PipelineConfig;
import io.ferry.core.schema.TableId;
import io.ferry.core.schema.mapping.MySqlColumn;
import io.ferry.core.value.jdbc.Engine;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads tables of one MySQL/MariaDB database from {@code information_schema}. */
public final class MySqlCatalogReader {

    private static final String TABLES = "SELECT table_name, table_comment FROM information_schema.tables "
            + "WHERE table_schema = ? AND table_type = 'BASE TABLE' ORDER BY table_name";
    private static final String COLUMNS = "SELECT table_name, column_name, data_type, column_type, is_nullable, "
            + "character_maximum_length, numeric_precision, numeric_scale, datetime_precision, column_default, extra, "
            + "generation_expression, character_set_name, collation_name, column_comment "
            + "FROM information_schema.columns WHERE table_schema = ? ORDER BY table_name, ordinal_position";
    private static final String INDEXES = "SELECT table_name, index_name, non_unique, column_name "
            + "FROM information_schema.statistics WHERE table_schema = ? ORDER BY table_name, index_name, seq_in_index";
    /** The actions come from SHOW CREATE TABLE ({@link ForeignKeyActions} says why). */
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

    private MySqlCatalogReader() {
    }

    /** The tables of the pipeline's source database that its include/exclude patterns select. */
    public static List<MySqlTable> readSelected(Connection c, PipelineConfig pipeline) throws SQLException {
        return read(c, pipeline.source().database()).stream().filter(t -> pipeline.tables().includes(t.id().table())).toList();
    }

    public static List<MySqlTable> read(Connection c, String database) throws SQLException {
        Map<String, String> comments = new LinkedHashMap<>();
        CatalogQuery.each(c, TABLES, database, rs -> comments.put(rs.getString(1), rs.getString(2)));
        Map<String, List<MySqlColumn>> columns = new LinkedHashMap<>();
        CatalogQuery.each(c, COLUMNS, database, rs -> columns.computeIfAbsent(rs.getString(1), t -> new ArrayList<>()).add(new MySqlColumn(
                rs.getString(2), rs.getString(3), rs.getString(4), "YES".equals(rs.getString(5)), longOrNull(rs, 6),
                intOrNull(rs, 7), intOrNull(rs, 8), intOrNull(rs, 9), rs.getString(10), rs.getString(11),
                rs.getString(12), rs.getString(13), rs.getString(14), rs.getString(15))));
        Map<String, Map<String, MySqlTable.Index>> indexes = new LinkedHashMap<>();
        CatalogQuery.each(c, INDEXES, database, rs -> {
            Map<String, MySqlTable.Index> byName = indexes.computeIfAbsent(rs.getString(1), t -> new LinkedHashMap<>());
            String name = rs.getString(2);
            MySqlTable.Index old = byName.get(name);
            List<String> cols = new ArrayList<>(old == null ? List.of() : old.columns());
            cols.add(rs.getString(4));
            byName.put(name, new MySqlTable.Index(name, rs.getInt(3) == 0, cols));
        });
        Map<String, Map<String, MySqlTable.ForeignKey>> fks = new LinkedHashMap<>();
        CatalogQuery.each(c, FOREIGN_KEYS, database, rs -> {
            Map<String, MySqlTable.ForeignKey> byName = fks.computeIfAbsent(rs.getString(1), t -> new LinkedHashMap<>());
            String name = rs.getString(2);
            MySqlTable.ForeignKey old = byName.get(name);
            List<String> cols = new ArrayList<>(old == null ? List.of() : old.columns());
            List<String> refCols = new ArrayList<>(old == null ? List.of() : old.referencedColumns());
            cols.add(rs.getString(3));
            refCols.add(rs.getString(6));
            byName.put(name, new MySqlTable.ForeignKey(name, cols, TableId.of(rs.getString(4), rs.getString(5)), refCols,
                    ForeignKeyActions.DEFAULT, ForeignKeyActions.DEFAULT));
        });
        for (var e : fks.entrySet()) {
            Map<String, ForeignKeyActions.Actions> actions = ForeignKeyActions.parse(showCreateTable(c, database, e.getKey()));
            for (var fk : e.getValue().entrySet()) {
                ForeignKeyActions.Actions a = actions.get(fk.getKey());
                if (a == null) {
                    throw new SQLException("foreign key " + fk.getKey() + " of " + database + "." + e.getKey()
                            + " is in information_schema but not in SHOW CREATE TABLE; its actions are unknown");
                }
                MySqlTable.ForeignKey k = fk.getValue();
                fk.setValue(new MySqlTable.ForeignKey(k.name(), k.columns(), k.referenced(), k.referencedColumns(), a.onUpdate(), a.onDelete()));
            }
        }
        Map<String, List<MySqlTable.Check>> checks = new LinkedHashMap<>();
        CatalogQuery.Row check = rs -> checks.computeIfAbsent(rs.getString(1), t -> new ArrayList<>())
                .add(new MySqlTable.Check(rs.getString(2), rs.getString(3)));
        try {
            CatalogQuery.each(c, CHECKS_MARIADB, database, check);
        } catch (SQLException notMariaDb) {
            checks.clear();
            CatalogQuery.each(c, CHECKS_MYSQL, database, check);
        }
        List<MySqlTable> tables = new ArrayList<>();
        for (var e : comments.entrySet()) {
            String table = e.getKey();
            List<MySqlTable.Check> tableChecks = checks.getOrDefault(table, List.of());
            Map<String, MySqlTable.Index> idx = indexes.getOrDefault(table, Map.of());
            MySqlTable.Index pk = idx.get("PRIMARY");
            List<MySqlTable.Index> others = idx.values().stream().filter(i -> !i.name().equals("PRIMARY")).toList();
            List<MySqlColumn> cols = columns.getOrDefault(table, List.of()).stream()
                    .map(col -> isMariaDbJson(col, tableChecks) ? col.withDataType("json") : col).toList();
            tables.add(new MySqlTable(TableId.of(database, table), cols,
                    pk == null ? List.of() : pk.columns(), others, List.copyOf(fks.getOrDefault(table, Map.of()).values()),
                    tableChecks, e.getValue()));
        }
        return tables;
    }

    private static String showCreateTable(Connection c, String database, String table) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW CREATE TABLE " + Engine.MYSQL.quote(database) + "." + Engine.MYSQL.quote(table))) {
            rs.next();
            return rs.getString(2);
        }
    }

    /** MariaDB's JSON is LONGTEXT with a {@code json_valid(`col`)} check. */
    private static boolean isMariaDbJson(MySqlColumn col, List<MySqlTable.Check> checks) {
        String expected = "json_valid(`" + col.name().replace("`", "``") + "`)";
        return col.dataType().equals("longtext") && checks.stream().anyMatch(ch -> ch.clause().equalsIgnoreCase(expected));
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
