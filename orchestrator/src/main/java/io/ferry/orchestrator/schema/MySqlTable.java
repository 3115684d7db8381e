package io.ferry.orchestrator.schema;

import io.ferry.core.schema.TableId;
import io.ferry.core.schema.mapping.MySqlColumn;
import java.util.List;

/**
 * A MySQL/MariaDB table as read from {@code information_schema}: columns in order, primary key,
 * other indexes, foreign keys and the table comment.
 */
public record MySqlTable(TableId id, List<MySqlColumn> columns, List<String> primaryKey, List<Index> indexes,
        List<ForeignKey> foreignKeys, List<Check> checks, String comment) {

    /** A CHECK constraint in MySQL's SQL; carried to the plan as a comment for review, not translated. */
    public record Check(String name, String clause) {
    }

    /** A secondary index; {@code unique} ones can stand in for a missing primary key. */
    public record Index(String name, boolean unique, List<String> columns) {
    }

    /** A foreign key; created on the target after the final drain. */
    public record ForeignKey(String name, List<String> columns, TableId referenced, List<String> referencedColumns,
            String onUpdate, String onDelete) {
    }

    public MySqlTable {
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        indexes = List.copyOf(indexes);
        foreignKeys = List.copyOf(foreignKeys);
        checks = List.copyOf(checks);
    }

    public MySqlColumn column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("table " + id + " has no column " + name));
    }
}
