package io.ferry.core.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.ferry.core.schema.mapping.MySqlColumn;
import java.util.List;
import java.util.Objects;

/**
 * A DDL statement of the source as it concerns one table, with the table's shape after it: what the applier
 * needs to bring the target's shape along, or to stop with the statement named.
 *
 * @param statement  the DDL as the source logged it
 * @param kind       what the statement did to the table
 * @param columns    the table's columns after the statement, in order; empty after a DROP or RENAME
 * @param primaryKey the table's primary key columns after the statement, in order
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SchemaChange(
        @JsonProperty("sql") String statement,
        @JsonProperty("kind") Kind kind,
        @JsonProperty("columns") List<MySqlColumn> columns,
        @JsonProperty("pk") List<String> primaryKey) {

    /** What a statement did to a table. */
    public enum Kind {
        /** The table was created (a new table that the pipeline's {@code tables.include} selects). */
        CREATE,
        /** The table's columns, types or keys changed. */
        ALTER,
        /** The table was dropped. */
        DROP,
        /** The table got another name (it leaves the pipeline under its old one). */
        RENAME
    }

    public SchemaChange {
        Objects.requireNonNull(statement, "statement");
        Objects.requireNonNull(kind, "kind");
        columns = columns == null ? List.of() : List.copyOf(columns);
        primaryKey = primaryKey == null ? List.of() : List.copyOf(primaryKey);
    }
}
