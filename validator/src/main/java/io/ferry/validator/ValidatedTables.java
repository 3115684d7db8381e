package io.ferry.validator;

import io.ferry.core.config.TypesConfig;
import io.ferry.core.config.TypesConfig.ZeroDateRule;
import io.ferry.core.config.ZeroDatePolicy;
import io.ferry.core.schema.EnumLabels;
import io.ferry.core.schema.TableId;
import io.ferry.core.schema.TargetNames;
import io.ferry.core.schema.jdbc.MySqlCatalog;
import io.ferry.core.schema.jdbc.PostgresCatalog;
import io.ferry.core.schema.mapping.MySqlColumn;
import io.ferry.core.value.jdbc.ColumnTypes;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Describes a table pair for the validator from both catalogs: the target's columns, types and
 * primary key, the source's names for them (target names are the source's, shortened beyond 63
 * bytes), SET labels and the zero-date rules of the pipeline.
 */
public final class ValidatedTables {

    private ValidatedTables() {
    }

    /** A MySQL/MariaDB source table and its PostgreSQL target table. */
    public static ValidatedTable mysqlToPostgres(Connection source, TableId sourceTable, Connection target, TableId targetTable,
                                                 TypesConfig types) throws SQLException {
        Map<String, String[]> sourceColumns = new LinkedHashMap<>();
        for (MySqlColumn col : MySqlCatalog.tableColumns(source, sourceTable)) {
            sourceColumns.put(TargetNames.shorten(col.name()), new String[] {col.name(), col.dataType(), col.columnType()});
        }
        if (sourceColumns.isEmpty()) {
            throw new SQLException("source table " + sourceTable + " does not exist");
        }
        Map<String, String> sourceNames = new LinkedHashMap<>();
        sourceColumns.forEach((targetName, src) -> sourceNames.put(targetName, src[0]));
        return build(sourceTable, target, targetTable, sourceNames, (name) -> {
            String[] src = sourceColumns.get(name);
            String data = src[1].toLowerCase(Locale.ROOT);
            List<String> labels = data.equals("set") ? EnumLabels.parse(src[2].substring(src[2].indexOf('(') + 1, src[2].lastIndexOf(')')))
                    : List.of();
            return new SourceColumn(src[0], labels, types.zeroDateRule(sourceTable.table(), src[0]), src[2]);
        });
    }

    /** A PostgreSQL source table and its PostgreSQL target table. */
    public static ValidatedTable postgresToPostgres(Connection source, TableId sourceTable, Connection target, TableId targetTable)
            throws SQLException {
        Map<String, String> sourceColumns = PostgresCatalog.columns(source, sourceTable);
        if (sourceColumns.isEmpty()) {
            throw new SQLException("source table " + sourceTable + " does not exist");
        }
        Map<String, String> sourceNames = new LinkedHashMap<>();
        sourceColumns.keySet().forEach(n -> sourceNames.put(n, n));
        return build(sourceTable, target, targetTable, sourceNames, name -> new SourceColumn(name, List.of(),
                new ZeroDateRule(ZeroDatePolicy.ERROR, null), sourceColumns.get(name)));
    }

    private record SourceColumn(String name, List<String> setLabels, ZeroDateRule zeroDates, String type) {
    }

    private interface SourceLookup {
        SourceColumn column(String targetName) throws SQLException;
    }

    /**
     * The columns both sides have, compared; a column on one side only is recorded as unmatched. A key column
     * on the target only leaves the pair without a key to compare rows by.
     *
     * @param sourceNames the source's columns: by the name each has on the target, its name on the source
     */
    private static ValidatedTable build(TableId sourceTable, Connection target, TableId targetTable, Map<String, String> sourceNames,
                                        SourceLookup lookup) throws SQLException {
        Map<String, String> targetColumns = PostgresCatalog.columns(target, targetTable);
        if (targetColumns.isEmpty()) {
            throw new SQLException("target table " + targetTable + " does not exist");
        }
        List<ValidatedColumn> columns = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<UnmatchedColumn> unmatched = new ArrayList<>();
        for (var e : targetColumns.entrySet()) {
            if (!sourceNames.containsKey(e.getKey())) {
                unmatched.add(new UnmatchedColumn(e.getKey(), Side.Role.TARGET));
                continue;
            }
            SourceColumn src = lookup.column(e.getKey());
            columns.add(new ValidatedColumn(src.name(), e.getKey(), ColumnTypes.forPair(e.getValue(), src.type()), e.getValue(),
                    src.setLabels(), src.zeroDates(), src.type()));
            names.add(e.getKey());
        }
        sourceNames.forEach((targetName, sourceName) -> {
            if (!targetColumns.containsKey(targetName)) {
                unmatched.add(new UnmatchedColumn(sourceName, Side.Role.SOURCE));
            }
        });
        List<Integer> key = PostgresCatalog.primaryKey(target, targetTable).stream().map(names::indexOf).toList();
        if (key.contains(-1)) {
            key = List.of();
        }
        return new ValidatedTable(sourceTable, targetTable, columns, key, unmatched);
    }
}
