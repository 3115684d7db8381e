package io.ferry.orchestrator.schema;

import io.ferry.core.config.PipelineConfig;
import io.ferry.core.schema.TableId;
import io.ferry.core.schema.jdbc.MySqlCatalog;
import io.ferry.core.schema.mapping.MySqlColumn;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads tables of one MySQL/MariaDB database, as the schema planner and {@code ferry check} see them, from {@link MySqlCatalog}. */
public final class MySqlCatalogReader {

    private MySqlCatalogReader() {
    }

    /** The tables of the pipeline's source database that its include/exclude patterns select. */
    public static List<MySqlTable> readSelected(Connection c, PipelineConfig pipeline) throws SQLException {
        return read(c, pipeline.source().database()).stream().filter(t -> pipeline.tables().includes(t.id().table())).toList();
    }

    public static List<MySqlTable> read(Connection c, String database) throws SQLException {
        Map<String, String> comments = MySqlCatalog.baseTables(c, database);
        Map<String, List<MySqlColumn>> columns = MySqlCatalog.columns(c, database);
        Map<String, Map<String, MySqlTable.Index>> indexes = new LinkedHashMap<>();
        for (MySqlCatalog.IndexColumn ic : MySqlCatalog.indexColumns(c, database)) {
            Map<String, MySqlTable.Index> byName = indexes.computeIfAbsent(ic.table(), t -> new LinkedHashMap<>());
            MySqlTable.Index old = byName.get(ic.index());
            List<String> cols = new ArrayList<>(old == null ? List.of() : old.columns());
            cols.add(ic.column());
            byName.put(ic.index(), new MySqlTable.Index(ic.index(), ic.unique(), cols));
        }
        Map<String, Map<String, MySqlTable.ForeignKey>> fks = new LinkedHashMap<>();
        for (MySqlCatalog.ForeignKeyColumn fc : MySqlCatalog.foreignKeyColumns(c, database)) {
            Map<String, MySqlTable.ForeignKey> byName = fks.computeIfAbsent(fc.table(), t -> new LinkedHashMap<>());
            MySqlTable.ForeignKey old = byName.get(fc.constraint());
            List<String> cols = new ArrayList<>(old == null ? List.of() : old.columns());
            List<String> refCols = new ArrayList<>(old == null ? List.of() : old.referencedColumns());
            cols.add(fc.column());
            refCols.add(fc.referencedColumn());
            byName.put(fc.constraint(), new MySqlTable.ForeignKey(fc.constraint(), cols, fc.referenced(), refCols,
                    ForeignKeyActions.DEFAULT, ForeignKeyActions.DEFAULT));
        }
        for (var e : fks.entrySet()) {
            // The actions come from SHOW CREATE TABLE ({@link ForeignKeyActions} says why).
            Map<String, ForeignKeyActions.Actions> actions = ForeignKeyActions.parse(MySqlCatalog.showCreateTable(c, TableId.of(database, e.getKey())));
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
        for (MySqlCatalog.Check ch : MySqlCatalog.checks(c, database)) {
            checks.computeIfAbsent(ch.table(), t -> new ArrayList<>()).add(new MySqlTable.Check(ch.name(), ch.clause()));
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

    /** MariaDB's JSON is LONGTEXT with a {@code json_valid(`col`)} check. */
    private static boolean isMariaDbJson(MySqlColumn col, List<MySqlTable.Check> checks) {
        String expected = "json_valid(`" + col.name().replace("`", "``") + "`)";
        return col.dataType().equals("longtext") && checks.stream().anyMatch(ch -> ch.clause().equalsIgnoreCase(expected));
    }
}
