package io.ferry.validator;

import io.ferry.core.config.TypesConfig;
import io.ferry.core.config.TypesConfig.ZeroDateRule;
import io.ferry.core.schema.TableId;
import io.ferry.core.value.LogicalType;
import io.ferry.core.value.jdbc.CanonicalReader;
import io.ferry.core.value.jdbc.Engine;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Reads a whole table as canonical rows by key: for row-level comparison of small tables and for reports. */
public final class TableRows {

    private TableRows() {
    }

    /** Reads a table in which a MySQL zero date, if any, is an error. */
    public static Map<List<String>, List<String>> read(Connection c, Engine engine, TableId table,
            Map<String, LogicalType> columns, List<String> key) throws SQLException {
        return read(c, engine, table, columns, key, TypesConfig.DEFAULTS);
    }

    /**
     * Reads a table as canonical rows by key.
     *
     * @param types the pipeline's type rules: a MySQL zero date reads as its column's policy makes it on the target
     */
    public static Map<List<String>, List<String>> read(Connection c, Engine engine, TableId table,
            Map<String, LogicalType> columns, List<String> key, TypesConfig types) throws SQLException {
        engine.prepareSession(c);
        List<String> names = new ArrayList<>(columns.keySet());
        List<LogicalType> logical = new ArrayList<>(columns.values());
        List<Integer> keyIndexes = key.stream().map(names::indexOf).toList();
        if (keyIndexes.contains(-1)) {
            throw new IllegalArgumentException("key " + key + " is not among the columns " + names + " of " + table);
        }
        String sql = "SELECT " + names.stream().map(n -> CanonicalReader.select(engine, columns.get(n), engine.quote(n)))
                .collect(Collectors.joining(", "))
                + " FROM " + engine.quote(table.schema()) + "." + engine.quote(table.table());
        List<ZeroDateRule> zeroDates = names.stream().map(n -> types.zeroDateRule(table.table(), n)).toList();
        Map<List<String>, List<String>> rows = new HashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                List<String> row = new ArrayList<>(names.size());
                for (int i = 0; i < names.size(); i++) {
                    row.add(CanonicalReader.read(rs, i + 1, logical.get(i), engine, zeroDates.get(i), table.table() + "." + names.get(i)));
                }
                rows.put(keyIndexes.stream().map(row::get).toList(), row);
            }
        }
        return rows;
    }

    /** Differences between two tables' rows, as lines naming the key and the columns that differ. */
    public static List<String> diff(List<String> columns, Map<List<String>, List<String>> source, Map<List<String>, List<String>> target) {
        List<String> out = new ArrayList<>();
        for (var e : source.entrySet()) {
            List<String> t = target.get(e.getKey());
            if (t == null) {
                out.add("missing in target: key " + e.getKey());
            } else if (!t.equals(e.getValue())) {
                List<String> cols = new ArrayList<>();
                for (int i = 0; i < columns.size(); i++) {
                    if (!java.util.Objects.equals(e.getValue().get(i), t.get(i))) {
                        cols.add(columns.get(i) + ": source=" + e.getValue().get(i) + " target=" + t.get(i));
                    }
                }
                out.add("differs: key " + e.getKey() + " " + cols);
            }
        }
        for (var k : target.keySet()) {
            if (!source.containsKey(k)) {
                out.add("extra in target: key " + k);
            }
        }
        return out;
    }
}
