package io.ferry.validator;

import java.util.List;

/**
 * One row that differs between the sides.
 *
 * @param kind    MISSING (in the target only the source has it), EXTRA (only the target has it) or DIFFERS
 * @param key     the row's key in canonical form
 * @param columns for DIFFERS, each column that reads differently with both values
 */
public record Difference(Kind kind, List<String> key, List<ColumnDifference> columns) {

    public enum Kind { MISSING, EXTRA, DIFFERS }

    /** Values are shown as they read in canonical form, cut at {@value #MAX_SHOWN} characters. */
    public record ColumnDifference(String column, String source, String target) {

        public static final int MAX_SHOWN = 200;

        public ColumnDifference {
            source = cut(source);
            target = cut(target);
        }

        private static String cut(String v) {
            return v == null || v.length() <= MAX_SHOWN ? v : v.substring(0, MAX_SHOWN) + "... (" + v.length() + " chars)";
        }
    }

    public Difference {
        key = List.copyOf(key);
        columns = List.copyOf(columns);
    }

    public String describe() {
        return switch (kind) {
            case MISSING -> "missing in target: key " + key;
            case EXTRA -> "extra in target: key " + key;
            case DIFFERS -> "differs: key " + key + " " + columns.stream()
                    .map(c -> c.column() + ": source=" + show(c.source()) + " target=" + show(c.target())).toList();
        };
    }

    private static String show(String v) {
        return v == null ? "NULL" : "'" + v + "'";
    }
}
