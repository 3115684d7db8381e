package io.ferry.apply.jdbc;

import java.util.List;
import java.util.stream.Collectors;

/**
 * PostgreSQL SQL for applying canonical rows. Identifiers are always quoted; values are always
 * bound as text parameters and cast to the column's type in SQL, so the canonical text form is the
 * one input format (bytea reads canonical base64 through {@code decode}).
 */
public final class PostgresDialect {

    private static final java.util.regex.Pattern FIXED_BITS = java.util.regex.Pattern.compile("bit\\((\\d+)\\)");

    private PostgresDialect() {
    }

    public static String quote(String identifier) {
        if (identifier.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("identifier contains a NUL character: " + identifier.replace('\0', '?'));
        }
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    public static String qualified(TargetTable t) {
        return quote(t.id().schema()) + "." + quote(t.id().table());
    }

    /** The parameter placeholder for a column, with the cast that turns canonical text into its type. */
    public static String bind(String pgType) {
        String type = pgType.toLowerCase(java.util.Locale.ROOT);
        if (type.equals("bytea")) {
            return "decode(?, 'base64')";
        }
        if (type.equals("text") || type.startsWith("character varying") && !type.endsWith("[]") || type.startsWith("character(")) {
            return "?";
        }
        if (type.endsWith("[]")) {
            // SET values: canonical labels joined by commas, which MySQL does not allow inside a label.
            return "CAST(string_to_array(?, ',') AS " + pgType + ")";
        }
        java.util.regex.Matcher bits = FIXED_BITS.matcher(type);
        if (bits.matches()) {
            // Canonical bit strings drop leading zeros; bit(n) wants exactly n digits.
            return "CAST(lpad(?, " + bits.group(1) + ", '0') AS " + pgType + ")";
        }
        return "CAST(? AS " + pgType + ")";
    }

    /** {@code INSERT .. ON CONFLICT (pk) DO UPDATE} over the given columns (which include the key). */
    public static String upsert(TargetTable t, List<String> columns) {
        String cols = columns.stream().map(PostgresDialect::quote).collect(Collectors.joining(", "));
        String values = columns.stream().map(c -> bind(t.columnTypes().get(c))).collect(Collectors.joining(", "));
        String conflict = t.primaryKey().stream().map(PostgresDialect::quote).collect(Collectors.joining(", "));
        List<String> nonKey = columns.stream().filter(c -> !t.primaryKey().contains(c)).toList();
        String action = nonKey.isEmpty() ? "DO NOTHING"
                : "DO UPDATE SET " + nonKey.stream().map(c -> quote(c) + " = EXCLUDED." + quote(c)).collect(Collectors.joining(", "));
        return "INSERT INTO " + qualified(t) + " (" + cols + ") VALUES (" + values + ") ON CONFLICT (" + conflict + ") " + action;
    }

    public static String delete(TargetTable t) {
        return "DELETE FROM " + qualified(t) + " WHERE " + t.primaryKey().stream()
                .map(c -> quote(c) + " = " + bind(t.columnTypes().get(c)))
                .collect(Collectors.joining(" AND "));
    }
}
