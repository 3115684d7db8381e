package io.ferry.validator;

import io.ferry.core.schema.TableId;
import java.util.List;

/**
 * A table pair as the validator compares it: its columns and which of them form the key that
 * segments and rows are ordered by (the target's primary key; empty when it has none).
 */
public record ValidatedTable(TableId source, TableId target, List<ValidatedColumn> columns, List<Integer> keyIndexes) {

    public ValidatedTable {
        columns = List.copyOf(columns);
        keyIndexes = List.copyOf(keyIndexes);
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
