package io.ferry.apply.jdbc;

import io.ferry.core.schema.mapping.ReverseBind;
import java.util.List;
import java.util.stream.Collectors;

/**
 * MySQL/MariaDB SQL for applying canonical rows, the target of reverse replication (docs/rollback.md). Identifiers are
 * quoted with backticks; values are bound as text, converted for the column by {@link ReverseBind} (the column types
 * are the source's own, {@code information_schema.columns.column_type}). An upsert is {@code INSERT .. ON DUPLICATE
 * KEY UPDATE}, which matches any unique index, not only the primary key: {@link MySqlTargetCatalog} refuses a table
 * with another unique index, on which it could update a different row than the one keyed.
 */
public final class MySqlDialect {

    private MySqlDialect() {
    }

    public static String quote(String identifier) {
        if (identifier.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("identifier contains a NUL character: " + identifier.replace('\0', '?'));
        }
        return '`' + identifier.replace("`", "``") + '`';
    }

    public static String qualified(TargetTable t) {
        return quote(t.id().schema()) + "." + quote(t.id().table());
    }

    /** The placeholder for a column of the given {@code column_type}. */
    public static String bind(String columnType) {
        return ReverseBind.of(columnType).placeholder();
    }

    /**
     * The text bound for a canonical value in a column.
     *
     * @throws IllegalArgumentException when MySQL cannot hold the value (it names the table, column and value)
     */
    public static String text(TargetTable t, String column, String canonical) {
        return ReverseBind.of(t.columnTypes().get(column)).text(canonical, t.id() + "." + column);
    }

    /** {@code INSERT .. ON DUPLICATE KEY UPDATE} over the given columns (which include the key). */
    public static String upsert(TargetTable t, List<String> columns) {
        String cols = columns.stream().map(MySqlDialect::quote).collect(Collectors.joining(", "));
        String values = columns.stream().map(c -> bind(t.columnTypes().get(c))).collect(Collectors.joining(", "));
        List<String> nonKey = columns.stream().filter(c -> !t.primaryKey().contains(c)).toList();
        // With only key columns there is nothing to update; assigning a key column to itself keeps the row as it is
        // (INSERT IGNORE would also swallow errors that must reach the dead-letter path).
        List<String> updated = nonKey.isEmpty() ? List.of(t.primaryKey().get(0)) : nonKey;
        String action = updated.stream()
                .map(c -> quote(c) + " = " + (nonKey.isEmpty() ? quote(c) : "VALUES(" + quote(c) + ")"))
                .collect(Collectors.joining(", "));
        return "INSERT INTO " + qualified(t) + " (" + cols + ") VALUES (" + values + ") ON DUPLICATE KEY UPDATE " + action;
    }

    public static String delete(TargetTable t) {
        return "DELETE FROM " + qualified(t) + " WHERE " + t.primaryKey().stream()
                .map(c -> quote(c) + " = " + bind(t.columnTypes().get(c)))
                .collect(Collectors.joining(" AND "));
    }
}
