package io.ferry.apply.jdbc;

import io.ferry.core.schema.TableId;
import io.ferry.core.schema.jdbc.MySqlCatalog;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the MySQL/MariaDB tables that reverse replication writes to, once per table: the source tables of the
 * migration, in the source database. A PostgreSQL table name that the forward path shortened ({@code TargetNames})
 * is mapped back to the source's name. A table with a unique index besides its primary key is refused
 * ({@link #secondaryUniqueIndexProblem}): {@code ON DUPLICATE KEY UPDATE} fires on any unique index, so a change could
 * silently update another row than the one it keys.
 */
public final class MySqlTargetCatalog {

    private final String database;
    private final Map<String, String> sourceNames;
    private final Map<TableId, TargetTable> cache = new HashMap<>();

    /**
     * @param database    the MySQL/MariaDB database the tables are in
     * @param sourceNames PostgreSQL table name to source table name, where they differ
     */
    public MySqlTargetCatalog(String database, Map<String, String> sourceNames) {
        this.database = database;
        this.sourceNames = Map.copyOf(sourceNames);
    }

    /** The MySQL table for a captured PostgreSQL table; a missing table, one without a primary key or with another unique index is an error. */
    public TargetTable table(Connection c, TableId captured) throws SQLException {
        TargetTable t = cache.get(captured);
        if (t == null) {
            t = load(c, targetId(captured));
            cache.put(captured, t);
        }
        return t;
    }

    public TableId targetId(TableId captured) {
        return TableId.of(database, sourceNames.getOrDefault(captured.table(), captured.table()));
    }

    public void forget(TableId captured) {
        cache.remove(captured);
    }

    static TargetTable load(Connection c, TableId id) throws SQLException {
        Map<String, String> columns = MySqlCatalog.columns(c, id);
        if (columns.isEmpty()) {
            throw new TargetSchemaException("reverse target table " + id + " does not exist on the source");
        }
        Map<String, List<String>> unique = MySqlCatalog.uniqueIndexes(c, id);
        List<String> pk = unique.remove("PRIMARY");
        if (pk == null || pk.isEmpty()) {
            throw new TargetSchemaException("reverse target table " + id + " has no primary key; upserts need one");
        }
        String problem = secondaryUniqueIndexProblem(id, unique);
        if (problem != null) {
            throw new TargetSchemaException(problem);
        }
        return new TargetTable(id, columns, pk, MySqlCatalog.generatedColumns(c, id));
    }

    /**
     * Why a table's secondary unique indexes keep it from being a reverse target, or null when it has none.
     *
     * @param secondary unique indexes other than the primary key, by name, with their columns
     */
    public static String secondaryUniqueIndexProblem(TableId id, Map<String, List<String>> secondary) {
        if (secondary.isEmpty()) {
            return null;
        }
        String list = secondary.entrySet().stream().map(e -> e.getKey() + " (" + String.join(", ", e.getValue()) + ")")
                .collect(java.util.stream.Collectors.joining(", "));
        return "table " + id + " has a unique index besides its primary key: " + list + "; reverse replication writes "
                + "with INSERT .. ON DUPLICATE KEY UPDATE, which on such an index could update another row than the one "
                + "keyed, so the table cannot be rolled back to (drop or make the index non-unique, or leave the table out)";
    }
}
