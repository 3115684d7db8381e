package io.ferry.validator.sql;

import io.ferry.core.value.LogicalType;
import io.ferry.core.value.ZeroDates;
import io.ferry.core.value.jdbc.Engine;
import io.ferry.validator.ValidatedColumn;
import io.ferry.validator.ValidatedTable;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

/**
 * MySQL/MariaDB SQL for the validator. The connection runs with {@code time_zone = '+00:00'}, so
 * TIMESTAMP columns read as UTC. Zero and invalid dates render as their column's policy makes them
 * on the target; under the error policy as MySQL prints them, which matches no target value.
 */
final class MySqlHashSql implements HashSql {

    @Override
    public Engine engine() {
        return Engine.MYSQL;
    }

    @Override
    public String name(ValidatedColumn c) {
        return Engine.MYSQL.quote(c.sourceName());
    }

    @Override
    public String table(ValidatedTable t) {
        return Engine.MYSQL.quote(t.source().schema()) + "." + Engine.MYSQL.quote(t.source().table());
    }

    @Override
    public String text(ValidatedColumn c) {
        String x = name(c);
        return switch (c.type()) {
            // As CanonicalValues.ofTinyint1: a value other than 0 and 1 keeps its number, so it never equals a target true.
            case BOOLEAN -> "CASE WHEN " + x + " IS NULL THEN NULL WHEN " + x + " = 1 THEN 'true' WHEN " + x + " = 0 THEN 'false' ELSE CAST("
                    + x + " AS CHAR) END";
            case INTEGER -> "CAST(" + x + " AS CHAR)";
            case DECIMAL -> c.sameDecimalScale() ? "CAST(" + x + " AS CHAR)" : "CASE WHEN " + x + " = 0 THEN '0' WHEN LOCATE('.', CAST(" + x + " AS CHAR)) > 0 THEN "
                    + "TRIM(TRAILING '.' FROM TRIM(TRAILING '0' FROM CAST(" + x + " AS CHAR))) ELSE CAST(" + x + " AS CHAR) END";
            case FLOAT, FLOAT4 -> floatText(x);
            case SET -> c.setLabels().isEmpty() ? "CONVERT(" + x + " USING utf8mb4)"
                    : "CASE WHEN " + x + " IS NULL THEN NULL ELSE CONCAT_WS(',', " + c.setLabels().stream().sorted()
                            .map(l -> "IF(FIND_IN_SET(" + literal(l) + ", " + x + ") > 0, " + literal(l) + ", NULL)")
                            .collect(Collectors.joining(", ")) + ") END";
            case DATE -> dated(c, "DATE_FORMAT(" + x + ", '%Y-%m-%d')");
            // Date-times as fixed six fraction digits on both sides: one function per row, one-to-one with the canonical form.
            case DATETIME, TIMESTAMP -> dated(c, "DATE_FORMAT(" + x + ", '%Y-%m-%d %H:%i:%s.%f')");
            case TIME -> "CASE WHEN LOCATE('.', CAST(" + x + " AS CHAR)) > 0 THEN TRIM(TRAILING '.' FROM TRIM(TRAILING '0' FROM CAST("
                    + x + " AS CHAR))) ELSE CAST(" + x + " AS CHAR) END";
            case BINARY -> "HEX(" + x + ")";
            case BITS -> "BIN(" + x + ")";
            case JSON -> throw new IllegalArgumentException("JSON columns are hashed by the validator, not by SQL");
            default -> "CONVERT(" + x + " USING utf8mb4)";
        };
    }

    /**
     * Under lookup3 the validator hashes this side's rows and trims the fraction of each date-time as PostgreSQL prints it
     * ({@link RowTextHash}), so a DATE, DATETIME or TIMESTAMP is its plain text (as many fraction digits as the column keeps), at
     * less cost than {@code DATE_FORMAT}. As a binary string: the text is ASCII, and MariaDB then neither converts it to the
     * connection's character set (about 0.15 CPU-seconds per column and million rows less than {@code CAST(x AS CHAR)}) nor
     * lets the driver parse it again, as it does a date-time sent as stored.
     */
    @Override
    public String text(ValidatedColumn c, RowHash kind) {
        if (kind == RowHash.LOOKUP3 && (c.type() == LogicalType.DATE || c.type() == LogicalType.DATETIME || c.type() == LogicalType.TIMESTAMP)) {
            return dated(c, "CAST(" + name(c) + " AS BINARY)");
        }
        return text(c);
    }

    /**
     * Integers, decimals of the target's scale and TINYINT(1) are sent as stored: the driver's text of them is what
     * {@code CAST(x AS CHAR)} gives, without the expression's cost in SQL (a ZEROFILL column keeps its SQL text).
     */
    @Override
    public FixedRead fixedRead(ValidatedColumn c) {
        String declared = c.sourceType();
        if (declared.contains("zerofill")) {
            return FixedRead.TEXT;
        }
        return switch (c.type()) {
            case INTEGER -> STORED_INTEGER.matcher(declared).lookingAt() ? FixedRead.NUMBER : FixedRead.TEXT;
            case DECIMAL -> declared.startsWith("decimal") && c.sameDecimalScale() ? FixedRead.NUMBER : FixedRead.TEXT;
            case BOOLEAN -> declared.startsWith("tinyint") ? FixedRead.TINYINT_BOOLEAN : FixedRead.TEXT;
            default -> FixedRead.TEXT;
        };
    }

    /** Declared integer types whose stored value the driver gives as its decimal text (not YEAR, not BIT). */
    private static final java.util.regex.Pattern STORED_INTEGER =
            java.util.regex.Pattern.compile("(?:tiny|small|medium|big)?int(?:eger)?\\b");

    /**
     * A character column or an ENUM as stored: the driver receives it in the connection's character set, utf8mb4, the bytes
     * {@code CONVERT(x USING utf8mb4)} gives, without the conversion's cost in SQL. A SET (its labels sorted) and any other
     * type the catalog calls text are rendered in SQL.
     */
    @Override
    public String asStored(ValidatedColumn c) {
        return STORED_AS_TEXT.matcher(c.sourceType()).lookingAt() && c.type() != LogicalType.SET ? name(c) : text(c);
    }

    /** Declared types whose stored value the driver sends as its text. */
    private static final java.util.regex.Pattern STORED_AS_TEXT =
            java.util.regex.Pattern.compile("(?:(?:national )?(?:char|varchar)|(?:tiny|medium|long)?text|enum)\\b");

    /**
     * A DATE, DATETIME or TIMESTAMP, with zero and invalid dates as the column's policy has them on the target. Under the
     * error policy no test is needed: MySQL prints a zero or invalid date as it is (a month or day 00, a 30 February),
     * which no PostgreSQL date prints as, so the row differs from any target row as it must.
     */
    private static String dated(ValidatedColumn c, String formatted) {
        String x = Engine.MYSQL.quote(c.sourceName());
        String zero = ZeroDates.mysqlCondition(x);
        String replacement = switch (c.zeroDates().policy()) {
            case AS_NULL -> "NULL";
            case ERROR -> null;
            case SENTINEL -> literal(hashForm(c.type(), ZeroDates.sentinel(c.type(), c.zeroDates().sentinel(), c.sourceName())));
        };
        if (replacement == null) {
            return formatted;
        }
        return "CASE WHEN " + x + " IS NULL THEN NULL WHEN " + zero + " THEN " + replacement + " ELSE " + formatted + " END";
    }

    /** A canonical DATE, DATETIME or TIMESTAMP in the hash form: date-times with all six fraction digits, no zone letter. */
    static String hashForm(io.ferry.core.value.LogicalType type, String canonical) {
        if (type == io.ferry.core.value.LogicalType.DATE) {
            return canonical;
        }
        String t = canonical.endsWith("Z") ? canonical.substring(0, canonical.length() - 1) : canonical;
        int dot = t.indexOf('.');
        String fraction = dot < 0 ? "" : t.substring(dot + 1);
        return (dot < 0 ? t : t.substring(0, dot)) + "." + (fraction + "000000").substring(0, 6);
    }

    /**
     * A double as sign, 53-bit significand and binary exponent: exact, and computed with nothing but IEEE
     * arithmetic on powers of two, which both engines do alike.
     */
    private static String floatText(String x) {
        String a = "ABS(" + x + ")";
        String e0 = "GREATEST(LEAST(FLOOR(LOG2(" + a + ")), 1023), -1074)";
        String r0 = a + " / POW(2, " + e0 + ")";
        String e = "(" + e0 + " + CASE WHEN " + r0 + " >= 2 THEN 1 WHEN " + r0 + " < 1 THEN -1 ELSE 0 END)";
        String m = "CAST(" + a + " / POW(2, " + e + ") * POW(2, 52) AS SIGNED)";
        return "CASE WHEN " + x + " IS NULL THEN NULL WHEN " + x + " = 0 THEN '0' ELSE CONCAT(IF(" + x + " < 0, '-', ''), CAST(" + m
                + " AS CHAR), 'p', CAST(" + e + " AS CHAR)) END";
    }

    @Override
    public String order(ValidatedColumn c) {
        return switch (c.type()) {
            case STRING, ENUM, SET -> "BINARY " + name(c);
            default -> name(c);
        };
    }

    @Override
    public String param(ValidatedColumn c) {
        return switch (c.type()) {
            case STRING, ENUM, SET -> "BINARY ?";
            default -> "?";
        };
    }

    @Override
    public void bind(PreparedStatement ps, int index, ValidatedColumn c, String v) throws SQLException {
        switch (c.type()) {
            case INTEGER, DECIMAL -> ps.setBigDecimal(index, new BigDecimal(v));
            case BOOLEAN -> ps.setInt(index, Boolean.parseBoolean(v) ? 1 : 0);
            case FLOAT, FLOAT4 -> ps.setDouble(index, Double.parseDouble(v));
            case BINARY -> ps.setBytes(index, Base64.getDecoder().decode(v));
            case TIMESTAMP -> ps.setString(index, v.endsWith("Z") ? v.substring(0, v.length() - 1) : v);
            default -> ps.setString(index, v);
        }
    }

    @Override
    public String md5(String rowText) {
        return "MD5(" + rowText + ")";
    }

    @Override
    public String sumOfHexParts(String h) {
        return "COALESCE(SUM(CAST(CONV(LEFT(" + h + ", 15), 16, 10) AS UNSIGNED)), 0)";
    }

    @Override
    public long rowEstimate(java.sql.Connection c, ValidatedTable t) throws SQLException {
        return io.ferry.core.schema.jdbc.MySqlCatalog.rowEstimate(c, t.source());
    }

    @Override
    public String sampleClause(double fraction) {
        return "";
    }

    @Override
    public String samplePredicate(double fraction) {
        return "RAND() < " + fraction;
    }

    @Override
    public String lengthPrefixed(String text) {
        return "IFNULL(CONCAT(LENGTH(" + text + "), ':', " + text + "), 'N')";
    }

    @Override
    public String orNullMarker(String text) {
        return "IFNULL(" + text + ", 'N')";
    }

    @Override
    public String concat(List<String> parts) {
        return "CONCAT(" + String.join(", '|', ", parts) + ")";
    }

    static String literal(String s) {
        return Engine.MYSQL.literal(s);
    }
}
