package io.ferry.validator.sql;

import io.ferry.core.value.jdbc.Engine;
import io.ferry.validator.ValidatedColumn;
import io.ferry.validator.ValidatedTable;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/** PostgreSQL SQL for the validator, for a target and for a PostgreSQL source alike. */
final class PostgresHashSql implements HashSql {

    private final boolean source;

    /** @param source whether this side is the source, whose table and column names it then uses */
    PostgresHashSql(boolean source) {
        this.source = source;
    }

    @Override
    public Engine engine() {
        return Engine.POSTGRESQL;
    }

    @Override
    public String name(ValidatedColumn c) {
        return Engine.POSTGRESQL.quote(source ? c.sourceName() : c.targetName());
    }

    @Override
    public String table(ValidatedTable t) {
        var id = source ? t.source() : t.target();
        return Engine.POSTGRESQL.quote(id.schema()) + "." + Engine.POSTGRESQL.quote(id.table());
    }

    @Override
    public String text(ValidatedColumn c) {
        String x = name(c);
        String type = c.targetType().toLowerCase(Locale.ROOT);
        return switch (c.type()) {
            case BOOLEAN -> "CASE WHEN " + x + " THEN 'true' WHEN NOT " + x + " THEN 'false' END";
            case INTEGER -> x + "::text";
            case DECIMAL -> c.sameDecimalScale() ? x + "::text" : "CASE WHEN " + x + " = 0 THEN '0' ELSE trim_scale(" + x + ")::text END";
            case FLOAT, FLOAT4 -> floatText(x + "::float8");
            case SET -> type.endsWith("[]") ? "array_to_string(" + x + ", ',')" : x + "::text";
            case DATE -> "to_char(" + x + ", 'YYYY-MM-DD')";
            case DATETIME -> "to_char(" + x + ", 'YYYY-MM-DD HH24:MI:SS.US')";
            case TIMESTAMP -> "to_char(" + x + " AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')";
            case BINARY -> "upper(encode(" + x + ", 'hex'))";
            case BITS -> "CASE WHEN " + x + " IS NULL THEN NULL ELSE coalesce(nullif(ltrim(" + x + "::text, '0'), ''), '0') END";
            // As jsonb prints the value, whatever the column's type (json keeps the text as written; a source's type may
            // be json where the target's is jsonb).
            case JSON -> !source && type.equals("jsonb") ? x + "::text" : x + "::jsonb::text";
            default -> x + "::text";
        };
    }

    /** See {@code MySqlHashSql#floatText}; NaN and the infinities, which only PostgreSQL holds, by name. */
    private static String floatText(String x) {
        String a = "abs(" + x + ")";
        String e0 = "greatest(least(floor(ln(" + a + ") / ln(2::float8)), 1023), -1074)";
        String r0 = a + " / power(2::float8, " + e0 + ")";
        String e = "(" + e0 + " + CASE WHEN " + r0 + " >= 2 THEN 1 WHEN " + r0 + " < 1 THEN -1 ELSE 0 END)";
        String m = "(" + a + " / power(2::float8, " + e + ") * power(2::float8, 52))::bigint";
        return "CASE WHEN " + x + " IS NULL THEN NULL WHEN " + x + " = 'NaN'::float8 THEN 'NaN' WHEN " + x + " = 'Infinity'::float8 "
                + "THEN 'Infinity' WHEN " + x + " = '-Infinity'::float8 THEN '-Infinity' WHEN " + x + " = 0 THEN '0' ELSE "
                + "CASE WHEN " + x + " < 0 THEN '-' ELSE '' END || " + m + "::text || 'p' || (" + e + ")::bigint::text END";
    }

    private static boolean textual(ValidatedColumn c) {
        String t = c.targetType().toLowerCase(Locale.ROOT);
        return t.equals("text") || t.startsWith("character varying") || t.startsWith("character(") || t.equals("character");
    }

    @Override
    public String order(ValidatedColumn c) {
        return textual(c) ? name(c) + " COLLATE \"C\"" : name(c);
    }

    @Override
    public String param(ValidatedColumn c) {
        return switch (c.type()) {
            case BINARY -> "decode(?, 'base64')";
            default -> textual(c) ? "CAST(? AS text) COLLATE \"C\"" : "CAST(? AS " + c.targetType() + ")";
        };
    }

    @Override
    public void bind(PreparedStatement ps, int index, ValidatedColumn c, String canonical) throws SQLException {
        ps.setString(index, canonical);
    }

    @Override
    public boolean inDatabase(ValidatedColumn c) {
        return true;
    }

    @Override
    public String md5(String rowText) {
        return "md5(" + rowText + ")";
    }

    /** lookup3 over the text's bytes whatever the columns' collations (a nondeterministic one would hash a sort key). */
    @Override
    public boolean computesLookup3() {
        return true;
    }

    @Override
    public String lookup3(String text, int seed) {
        return "hashtextextended((" + text + ") COLLATE \"C\", " + seed + ")";
    }

    /**
     * Under lookup3 a date-time is PostgreSQL's own text (DateStyle ISO, which the driver sets): fraction digits without
     * trailing zeros, at less than half the cost of {@code to_char}; the validator trims the MySQL side's six digits alike
     * ({@link RowTextHash}). Exact: the text is one-to-one with the value.
     */
    @Override
    public String text(ValidatedColumn c, RowHash kind) {
        if (kind == RowHash.LOOKUP3) {
            if (c.type() == io.ferry.core.value.LogicalType.DATE || c.type() == io.ferry.core.value.LogicalType.DATETIME) {
                return name(c) + "::text";
            }
            if (c.type() == io.ferry.core.value.LogicalType.TIMESTAMP) {
                return "(" + name(c) + " AT TIME ZONE 'UTC')::text";
            }
        }
        return text(c);
    }

    /** The sum of bigints is numeric in PostgreSQL: exact. */
    @Override
    public String sumOfRowHashes(String h, RowHash kind) {
        return kind == RowHash.LOOKUP3 ? "coalesce(sum(" + h + "), 0)" : sumOfHexParts(h);
    }

    @Override
    public String sumOfHexParts(String h) {
        return "coalesce(sum(('x' || left(" + h + ", 15))::bit(60)::bigint), 0)";
    }

    @Override
    public long rowEstimate(java.sql.Connection c, ValidatedTable t) throws SQLException {
        return io.ferry.core.schema.jdbc.PostgresCatalog.rowEstimate(c, source ? t.source() : t.target());
    }

    @Override
    public String sampleClause(double fraction) {
        return " TABLESAMPLE BERNOULLI (" + Math.min(100.0, fraction * 100.0) + ")";
    }

    @Override
    public String samplePredicate(double fraction) {
        return "true";
    }

    @Override
    public boolean samplesBlocks() {
        return true;
    }

    @Override
    public long pageEstimate(java.sql.Connection c, ValidatedTable t) throws SQLException {
        return io.ferry.core.schema.jdbc.PostgresCatalog.pageEstimate(c, source ? t.source() : t.target());
    }

    @Override
    public String blockSampleClause(double percent) {
        return " TABLESAMPLE SYSTEM (" + Math.min(100.0, percent) + ")";
    }

    /** The block number of the row's {@code ctid}. */
    @Override
    public String block() {
        return "(ctid::text::point)[0]";
    }

    @Override
    public String lengthPrefixed(String text) {
        return "coalesce(octet_length(" + text + ")::text || ':' || " + text + ", 'N')";
    }

    @Override
    public String orNullMarker(String text) {
        return "coalesce(" + text + ", 'N')";
    }

    @Override
    public String concat(List<String> parts) {
        return String.join(" || '|' || ", parts);
    }
}
