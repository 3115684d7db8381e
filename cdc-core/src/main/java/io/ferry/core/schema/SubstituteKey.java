package io.ferry.core.schema;

import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;

/**
 * The keyless-table rule, in one place: a table without a primary key is keyed by its first unique index whose
 * columns are all NOT NULL, which becomes the target's primary key, the key of its change events and the key its
 * bulk load and validation read by; without one the table cannot be carried ({@code tables.withoutPrimaryKey}
 * decides whether keyless tables are taken at all). Callers hand over the unique indexes in the order the schema
 * planner, capture and {@code ferry check} must agree on (by index name), with what their catalog says of a column's
 * nullability. Pure.
 */
public final class SubstituteKey {

    private SubstituteKey() {
    }

    /**
     * The columns of the first index of {@code uniqueIndexes} (each given by its columns, in index order) whose columns
     * are all NOT NULL; empty when there is none.
     */
    public static List<String> choose(Collection<List<String>> uniqueIndexes, Predicate<String> notNull) {
        return uniqueIndexes.stream()
                .filter(columns -> !columns.isEmpty() && columns.stream().allMatch(notNull))
                .map(List::copyOf)
                .findFirst().orElse(List.of());
    }
}
