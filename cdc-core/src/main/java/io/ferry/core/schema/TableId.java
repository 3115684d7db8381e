package io.ferry.core.schema;

import java.util.Objects;

/**
 * A table by schema (MySQL: database) and name, exactly as the source spells them.
 * No quoting or case folding happens here: that is the dialects' job.
 */
public record TableId(String schema, String table) implements Comparable<TableId> {

    public TableId {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(table, "table");
        if (table.isEmpty()) {
            throw new IllegalArgumentException("table name must not be empty");
        }
    }

    public static TableId of(String schema, String table) {
        return new TableId(schema, table);
    }

    @Override
    public int compareTo(TableId o) {
        int c = schema.compareTo(o.schema);
        return c != 0 ? c : table.compareTo(o.table);
    }

    @Override
    public String toString() {
        return schema + "." + table;
    }
}
