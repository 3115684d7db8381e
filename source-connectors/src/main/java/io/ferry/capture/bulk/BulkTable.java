package io.ferry.capture.bulk;

import io.ferry.core.config.TypesConfig;
import io.ferry.core.config.TypesConfig.ZeroDateRule;
import io.ferry.core.schema.TableId;
import io.ferry.core.schema.TargetNames;
import io.ferry.core.schema.jdbc.MySqlCatalog;
import io.ferry.core.schema.jdbc.PostgresCatalog;
import io.ferry.core.schema.mapping.MySqlColumn;
import io.ferry.core.value.LogicalType;
import io.ferry.core.value.jdbc.CanonicalReader;
import io.ferry.core.value.jdbc.ColumnTypes;
import io.ferry.core.value.jdbc.Engine;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A table as the bulk load copies it: the target's columns that take values (generated ones are computed by
 * PostgreSQL and left out, as the applier leaves them out), each read from its source column with the logical type
 * of the target column, as the validator and the applier see it, and the source key that chunks split on.
 *
 * @param sourceKey  the source's key columns (primary key, or the unique index that keys the table's changes)
 * @param binaryKey  per key column, whether it holds bytes (its bounds are kept as base64)
 */
public record BulkTable(TableId source, TableId target, List<Column> columns, List<String> sourceKey, List<Boolean> binaryKey) {

    /** One copied column. */
    public record Column(String sourceName, String targetName, LogicalType type, String pgType, ZeroDateRule zeroDates,
                         CopyText.Encoder encoder) {
    }

    private static final Set<String> BINARY = Set.of("binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob");

    public BulkTable {
        columns = List.copyOf(columns);
        sourceKey = List.copyOf(sourceKey);
        binaryKey = List.copyOf(binaryKey);
    }

    /**
     * Reads both catalogs.
     *
     * @param substituteKey the unique index columns keying a table without a primary key, or null
     */
    public static BulkTable describe(Connection source, Connection target, TableId sourceTable, String targetSchema,
                                     List<String> substituteKey, TypesConfig types) throws SQLException {
        Map<String, String[]> sourceColumns = new LinkedHashMap<>();
        for (MySqlColumn col : MySqlCatalog.tableColumns(source, sourceTable)) {
            sourceColumns.put(TargetNames.shorten(col.name()), new String[] {col.name(), col.dataType()});
        }
        if (sourceColumns.isEmpty()) {
            throw new IllegalStateException("source table " + sourceTable + " does not exist");
        }
        TableId targetTable = TableId.of(targetSchema, TargetNames.shorten(sourceTable.table()));
        Map<String, String> targetColumns = PostgresCatalog.columns(target, targetTable);
        if (targetColumns.isEmpty()) {
            throw new IllegalStateException("target table " + targetTable + " does not exist; create the target schema before "
                    + "the bulk load (ferry schema --apply)");
        }
        Set<String> generated = PostgresCatalog.generatedColumns(target, targetTable);
        List<Column> columns = new ArrayList<>();
        for (var e : targetColumns.entrySet()) {
            if (generated.contains(e.getKey())) {
                continue;
            }
            String[] src = sourceColumns.get(e.getKey());
            if (src == null) {
                throw new IllegalStateException("target column " + targetTable + "." + e.getKey() + " has no source column in " + sourceTable);
            }
            columns.add(new Column(src[0], e.getKey(), ColumnTypes.fromPostgres(e.getValue()), e.getValue(),
                    types.zeroDateRule(sourceTable.table(), src[0]), CopyText.encoder(e.getValue())));
        }
        List<String> key = new ArrayList<>(MySqlCatalog.primaryKey(source, sourceTable));
        if (key.isEmpty()) {
            if (substituteKey == null || substituteKey.isEmpty()) {
                throw new IllegalStateException("source table " + sourceTable + " has no primary key and no unique index to key it");
            }
            key.addAll(substituteKey);
        }
        Map<String, String> typeBySource = sourceColumns.values().stream().collect(Collectors.toMap(c -> c[0], c -> c[1]));
        List<Boolean> binary = key.stream().map(k -> BINARY.contains(typeBySource.get(k))).toList();
        return new BulkTable(sourceTable, targetTable, columns, key, binary);
    }

    public List<String> quotedKey() {
        return sourceKey.stream().map(Engine.MYSQL::quote).toList();
    }

    public String quotedSource() {
        return Engine.MYSQL.quote(source.schema()) + "." + Engine.MYSQL.quote(source.table());
    }

    /**
     * The SELECT of every copied column, without a WHERE: FLOAT read as DOUBLE ({@link CanonicalReader#select}), and
     * dates and times as the server's text ({@link ChunkReader} makes them canonical from it; the driver's own
     * rendering of a DATETIME costs a {@code String.format} per value).
     */
    public String selectColumns() {
        return "SELECT " + columns.stream().map(c -> temporal(c.type()) ? "CAST(" + Engine.MYSQL.quote(c.sourceName()) + " AS CHAR)"
                : CanonicalReader.select(Engine.MYSQL, c.type(), Engine.MYSQL.quote(c.sourceName())))
                .collect(Collectors.joining(", ")) + " FROM " + quotedSource();
    }

    static boolean temporal(LogicalType type) {
        return type == LogicalType.DATE || type == LogicalType.DATETIME || type == LogicalType.TIMESTAMP;
    }

    /** The target's COPY statement for the copied columns. */
    public String copySql() {
        return "COPY " + pgQuote(target.schema()) + "." + pgQuote(target.table()) + " ("
                + columns.stream().map(c -> pgQuote(c.targetName())).collect(Collectors.joining(", ")) + ") FROM STDIN";
    }

    public String qualifiedTarget() {
        return pgQuote(target.schema()) + "." + pgQuote(target.table());
    }

    static String pgQuote(String identifier) {
        return io.ferry.core.value.jdbc.Engine.POSTGRESQL.quote(identifier);
    }
}
