package io.ferry.validator;

import io.ferry.core.schema.TableId;
import java.util.List;

/**
 * A table pair as the validator compares it: the columns both sides have, which of them form the key that
 * segments and rows are ordered by (the target's primary key; empty when it has none), and the columns
 * that only one side has.
 */
public record ValidatedTable(TableId source, TableId target, List<ValidatedColumn> columns, List<Integer> keyIndexes,
        List<UnmatchedColumn> unmatchedColumns) {

    public ValidatedTable {
        columns = List.copyOf(columns);
        keyIndexes = List.copyOf(keyIndexes);
        unmatchedColumns = unmatchedColumns == null ? List.of() : List.copyOf(unmatchedColumns);
    }

    /** A pair whose sides have the same columns. */
    public ValidatedTable(TableId source, TableId target, List<ValidatedColumn> columns, List<Integer> keyIndexes) {
        this(source, target, columns, keyIndexes, List.of());
    }

    public List<ValidatedColumn> keyColumns() {
        return keyIndexes.stream().map(columns::get).toList();
    }

    public boolean hasKey() {
        return !keyIndexes.isEmpty();
    }

    /** The key of a row given as all its canonical values in column order. */
    public List<String> keyOf(List<String> row) {
        return keyIndexes.stream().map(row::get).toList();
    }

    /** A short name for reports: the target table. */
    public String name() {
        return target.toString();
    }
}
