package io.ferry.capture.bulk;

import java.util.ArrayList;
import java.util.List;

/**
 * The MariaDB/MySQL conditions that select a chunk's rows. A composite bound is written as nested OR/AND
 * ({@code a > ? OR (a = ? AND b >= ?)}) rather than a row comparison {@code (a, b) >= (?, ?)}: MariaDB's range
 * optimizer reads the nested form as a key range, but may scan the whole table for the row form.
 */
public final class KeyRangeSql {

    /**
     * @param sql        the condition, or empty for an unbounded chunk
     * @param keyIndexes for each placeholder in order, the index of the key column whose bound value it takes
     * @param upperBound for each placeholder, whether it takes the upper bound's value (else the lower's)
     */
    public record Condition(String sql, List<Integer> keyIndexes, List<Boolean> upperBound) {
    }

    private KeyRangeSql() {
    }

    /** @param quotedKey the key columns, quoted, in key order */
    public static Condition of(List<String> quotedKey, boolean hasLower, boolean hasUpper) {
        List<String> parts = new ArrayList<>();
        List<Integer> idx = new ArrayList<>();
        List<Boolean> upper = new ArrayList<>();
        if (hasLower) {
            parts.add(bound(quotedKey, 0, ">", ">=", false, idx, upper));
        }
        if (hasUpper) {
            parts.add(bound(quotedKey, 0, "<", "<", true, idx, upper));
        }
        return new Condition(String.join(" AND ", parts), List.copyOf(idx), List.copyOf(upper));
    }

    private static String bound(List<String> key, int i, String strict, String last, boolean isUpper, List<Integer> idx,
                                List<Boolean> upper) {
        if (i == key.size() - 1) {
            idx.add(i);
            upper.add(isUpper);
            return "(" + key.get(i) + " " + last + " ?)";
        }
        idx.add(i);
        upper.add(isUpper);
        String head = "(" + key.get(i) + " " + strict + " ? OR (" + key.get(i) + " = ? AND ";
        idx.add(i);
        upper.add(isUpper);
        return head + bound(key, i + 1, strict, last, isUpper, idx, upper) + "))";
    }
}
