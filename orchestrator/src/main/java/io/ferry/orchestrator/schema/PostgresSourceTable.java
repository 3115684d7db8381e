package io.ferry.orchestrator.schema;

import io.ferry.core.schema.TableId;
import java.util.List;

/**
 * A table of a PostgreSQL source as its catalog describes it, for a PostgreSQL target that keeps
 * every type as it is.
 *
 * @param indexes     every index but the primary key's
 * @param checks      CHECK constraints, as {@code pg_get_constraintdef} prints them
 * @param foreignKeys foreign keys, created on the target after the final drain
 */
public record PostgresSourceTable(TableId id, List<Column> columns, List<String> primaryKey, List<Index> indexes,
        List<Constraint> checks, List<ForeignKey> foreignKeys, String comment) {

    /**
     * A column.
     *
     * @param formatType       the type as {@code format_type} prints it
     * @param defaultExpr      the default as {@code pg_get_expr} prints it, or null
     * @param identity         {@code a} (ALWAYS), {@code d} (BY DEFAULT) or empty
     * @param generatedExpr    the expression of a stored generated column, or null
     * @param typeKind         {@code pg_type.typtype}: b(ase), e(num), d(omain), c(omposite), r(ange), m(ultirange)
     * @param typeSchema       the schema of the column's type
     * @param typeName         the column's type name without schema
     * @param enumLabels       an enum type's labels in sort order, else empty
     * @param domainBaseType   a domain's base type as {@code format_type} prints it, else null
     */
    public record Column(String name, String formatType, boolean nullable, String defaultExpr, String identity,
            String generatedExpr, String typeKind, String typeSchema, String typeName, List<String> enumLabels,
            String domainBaseType, String comment) {

        public Column {
            enumLabels = List.copyOf(enumLabels);
            comment = comment == null ? "" : comment;
        }
    }

    /** An index; {@code definition} is what follows {@code USING} in {@code pg_get_indexdef} (method, columns or expressions, predicate). */
    public record Index(String name, boolean unique, List<String> columns, String definition) {
    }

    /** A named constraint with its definition as {@code pg_get_constraintdef} prints it. */
    public record Constraint(String name, String definition) {
    }

    /**
     * A foreign key.
     *
     * @param columns           the referencing columns, in key order
     * @param referencedColumns the referenced columns, in the same order
     * @param onUpdate          the action as SQL spells it ({@code NO ACTION}, {@code CASCADE}, {@code SET NULL}, ...)
     * @param onDelete          the action as SQL spells it
     * @param match             {@code MATCH FULL}, or empty for MATCH SIMPLE
     * @param deferrable        {@code DEFERRABLE INITIALLY DEFERRED} or {@code ... IMMEDIATE}, or empty
     */
    public record ForeignKey(String name, List<String> columns, TableId referenced, List<String> referencedColumns,
            String onUpdate, String onDelete, String match, String deferrable) {

        public ForeignKey {
            columns = List.copyOf(columns);
            referencedColumns = List.copyOf(referencedColumns);
        }
    }

    /**
     * The key a table without a primary key is applied by: its first unique, non-partial index (by name) over plain
     * NOT NULL columns; empty when there is none.
     */
    public List<String> substituteKey() {
        return io.ferry.core.schema.SubstituteKey.choose(indexes.stream()
                        .filter(i -> i.unique() && !i.definition().contains(" WHERE ")).map(Index::columns).toList(),
                c -> columns.stream().anyMatch(col -> col.name().equals(c) && !col.nullable()));
    }

    public PostgresSourceTable {
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        indexes = List.copyOf(indexes);
        checks = List.copyOf(checks);
        foreignKeys = List.copyOf(foreignKeys);
        comment = comment == null ? "" : comment;
    }
}
