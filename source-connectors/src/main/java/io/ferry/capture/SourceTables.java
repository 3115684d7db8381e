package io.ferry.capture;

import io.ferry.capture.engine.SourceEngines;
import io.ferry.core.config.PipelineConfig;
import io.ferry.core.config.SourceConfig;
import io.ferry.core.config.TablesConfig;
import io.ferry.core.schema.TableId;
import io.ferry.core.schema.jdbc.KeyColumn;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Lists the source's base tables that the pipeline's include/exclude patterns select. */
public final class SourceTables {

    private SourceTables() {
    }

    public static String jdbcUrl(SourceConfig source) {
        return SourceEngines.of(source.kind()).jdbcUrl(source);
    }

    public static Connection connect(SourceConfig source) throws SQLException {
        return SourceEngines.of(source.kind()).connect(source);
    }

    /**
     * The key columns of the selected tables that have no primary key: per table, its first unique index (by name)
     * over NOT NULL columns, as the schema planner makes it the target's primary key.
     *
     * @throws IllegalStateException naming every table that has no usable key, or every keyless table when the
     *                               pipeline refuses them
     */
    public static Map<TableId, List<String>> substituteKeys(PipelineConfig config, List<TableId> tables) {
        SourceConfig source = config.source();
        Map<String, Map<String, List<String>>> unique = new LinkedHashMap<>();
        Map<String, java.util.Set<String>> notNull = new LinkedHashMap<>();
        try (Connection c = connect(source)) {
            for (KeyColumn k : SourceEngines.of(source.kind()).uniqueKeyColumns(c, source.namespace())) {
                unique.computeIfAbsent(k.table(), t -> new LinkedHashMap<>()).computeIfAbsent(k.index(), i -> new ArrayList<>()).add(k.column());
                if (!k.nullable()) {
                    notNull.computeIfAbsent(k.table(), t -> new java.util.HashSet<>()).add(k.column());
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the keys of source " + source.namespace() + ": " + e.getMessage(), e);
        }
        Map<TableId, List<String>> keys = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (TableId t : tables) {
            Map<String, List<String>> indexes = unique.getOrDefault(t.table(), Map.of());
            if (indexes.containsKey(KeyColumn.PRIMARY)) {
                continue;
            }
            if (config.tables().withoutPrimaryKey() == TablesConfig.KeylessTables.REFUSE) {
                problems.add(t + " has no primary key and tables.withoutPrimaryKey is refuse");
                continue;
            }
            List<String> key = io.ferry.core.schema.SubstituteKey.choose(indexes.values(),
                    notNull.getOrDefault(t.table(), java.util.Set.of())::contains);
            if (key.isEmpty()) {
                problems.add(t + " has no primary key and no unique index over NOT NULL columns");
            } else {
                keys.put(t, key);
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException(String.join("; ", problems) + ": exclude such tables (tables.exclude) or give them a key");
        }
        return keys;
    }

    /**
     * The SELECTs Debezium's snapshot reads some tables with, where its own would lose part of a value (the engine
     * says which: {@link io.ferry.capture.engine.SourceEngine#snapshotSelects}).
     */
    public static Map<TableId, String> snapshotSelects(PipelineConfig config, List<TableId> tables) {
        SourceConfig source = config.source();
        try (Connection c = connect(source)) {
            return SourceEngines.of(source.kind()).snapshotSelects(c, source.namespace(), tables);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the columns of source database " + source.database() + ": " + e.getMessage(), e);
        }
    }

    public static List<TableId> selected(PipelineConfig config) {
        SourceConfig source = config.source();
        try (Connection c = connect(source)) {
            List<TableId> tables = new ArrayList<>();
            for (String name : SourceEngines.of(source.kind()).baseTables(c, source.namespace())) {
                if (config.tables().includes(name)) {
                    tables.add(TableId.of(source.namespace(), name));
                }
            }
            if (tables.isEmpty()) {
                throw new IllegalStateException("no table of source " + source.kind().namespaceNoun() + " '" + source.namespace()
                        + "' matches the pipeline's table patterns");
            }
            return tables;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list tables of source " + source.host() + ":" + source.port()
                    + " database " + source.database() + ": " + e.getMessage(), e);
        }
    }
}
