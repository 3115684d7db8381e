package io.ferry.capture;

import io.ferry.capture.engine.SourceEngines;
import io.ferry.core.config.PipelineConfig;
import io.ferry.core.config.SourceConfig;
import io.ferry.core.config.TablesConfig;
import io.ferry.core.schema.TableId;
import io.ferry.core.value.jdbc.Engine;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
        try (Connection c = connect(source);
             PreparedStatement ps = c.prepareStatement(SourceEngines.of(source.kind()).uniqueKeysQuery())) {
            ps.setString(1, source.namespace());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String table = rs.getString(1);
                    String index = rs.getString(2);
                    unique.computeIfAbsent(table, t -> new LinkedHashMap<>()).computeIfAbsent(index, i -> new ArrayList<>()).add(rs.getString(3));
                    if ("NO".equals(rs.getString(4))) {
                        notNull.computeIfAbsent(table, t -> new java.util.HashSet<>()).add(rs.getString(3));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the keys of source " + source.namespace() + ": " + e.getMessage(), e);
        }
        Map<TableId, List<String>> keys = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (TableId t : tables) {
            Map<String, List<String>> indexes = unique.getOrDefault(t.table(), Map.of());
            if (indexes.containsKey("PRIMARY")) {
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

    private static final String COLUMNS = "SELECT table_name, column_name, data_type FROM information_schema.columns "
            + "WHERE table_schema = ? ORDER BY table_name, ordinal_position";

    /**
     * Snapshot SELECTs for the tables with FLOAT columns. MariaDB's text protocol, which Debezium's snapshot
     * reads with, prints a FLOAT with six significant digits (152.57143 comes out as 152.571), while the
     * binlog carries all of it; read as DOUBLE, the value arrives whole.
     */
    public static Map<TableId, String> snapshotSelects(PipelineConfig config, List<TableId> tables) {
        SourceConfig source = config.source();
        if (!source.kind().isMySqlFamily()) {
            return Map.of(); // PostgreSQL's snapshot reads every value whole
        }
        Map<String, List<String[]>> columns = new LinkedHashMap<>();
        try (Connection c = connect(source); PreparedStatement ps = c.prepareStatement(COLUMNS)) {
            ps.setString(1, source.database());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.computeIfAbsent(rs.getString(1), t -> new ArrayList<>()).add(new String[] {rs.getString(2), rs.getString(3)});
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the columns of source database " + source.database() + ": " + e.getMessage(), e);
        }
        Map<TableId, String> selects = new LinkedHashMap<>();
        for (TableId t : tables) {
            List<String[]> cols = columns.getOrDefault(t.table(), List.of());
            if (cols.stream().noneMatch(col -> col[1].equalsIgnoreCase("float"))) {
                continue;
            }
            StringBuilder sql = new StringBuilder("SELECT ");
            for (int i = 0; i < cols.size(); i++) {
                String name = Engine.MYSQL.quote(cols.get(i)[0]);
                sql.append(i == 0 ? "" : ", ").append(cols.get(i)[1].equalsIgnoreCase("float") ? "CAST(" + name + " AS DOUBLE) AS " + name : name);
            }
            selects.put(t, sql.append(" FROM ").append(Engine.MYSQL.quote(t.schema())).append('.').append(Engine.MYSQL.quote(t.table())).toString());
        }
        return selects;
    }

    public static List<TableId> selected(PipelineConfig config) {
        SourceConfig source = config.source();
        try (Connection c = connect(source);
             PreparedStatement ps = c.prepareStatement("SELECT table_name FROM information_schema.tables "
                     + "WHERE table_schema = ? AND table_type = 'BASE TABLE' ORDER BY table_name")) {
            ps.setString(1, source.namespace());
            List<TableId> tables = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    if (config.tables().includes(name)) {
                        tables.add(TableId.of(source.namespace(), name));
                    }
                }
            }
            if (tables.isEmpty()) {
                throw new IllegalStateException("no table of source " + (source.kind().isMySqlFamily() ? "database '" : "schema '") + source.namespace()
                        + "' matches the pipeline's table patterns");
            }
            return tables;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list tables of source " + source.host() + ":" + source.port()
                    + " database " + source.database() + ": " + e.getMessage(), e);
        }
    }
}
