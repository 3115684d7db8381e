package io.ferry.validator;

import java.util.List;

/**
 * A range of keys, lower bound included and upper bound excluded, each a key in canonical form
 * (null: unbounded). Keys order as both engines order them under {@code io.ferry.validator.sql}:
 * numbers by value, text by its UTF-8 bytes, never by a collation.
 */
public record KeyRange(List<String> lower, List<String> upper) {

    public static final KeyRange ALL = new KeyRange(null, null);

    public KeyRange {
        lower = lower == null ? null : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(lower));
        upper = upper == null ? null : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(upper));
    }

    @Override
    public String toString() {
        return "[" + (lower == null ? "-inf" : lower) + ", " + (upper == null ? "+inf" : upper) + ")";
    }
}
