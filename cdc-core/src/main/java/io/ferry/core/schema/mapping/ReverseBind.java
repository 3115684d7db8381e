package io.ferry.core.schema.mapping;

import io.ferry.core.value.CanonicalValues;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The way back of the type mapping: how a canonical value captured from a PostgreSQL column is written into the
 * MySQL/MariaDB column it was created from (docs/rollback.md, "Types on the way back").
 *
 * <p>The reverse target is the original source table, so the MySQL type of each column is not derived from the
 * PostgreSQL type but read from the source's own catalog ({@code information_schema.columns.column_type}); what is
 * left to decide is, per MySQL column type, the bind expression and the text the canonical value becomes for it. Most
 * canonical forms are already what MySQL reads (integers, exact decimals, strings, ENUM labels, SET lists, dates,
 * date-times, JSON); the others are converted here, and a value that MySQL cannot hold (a NaN, a month-long interval)
 * is an error naming it, never a guess. {@link ReverseTypes} checks that the PostgreSQL column still carries the MySQL
 * column under the forward mapping, so that these are the only values to expect.
 *
 * <p>The MySQL session must run with {@code time_zone = '+00:00'} (TIMESTAMP values are written as UTC wall time).
 */
public enum ReverseBind {

    /** Integers, exact decimals, strings, ENUM labels, SET lists, dates, date-times, JSON, YEAR: read by MySQL as they are. */
    AS_IS,
    /** {@code TINYINT(1)} from {@code boolean}: {@code true}/{@code false} as 1/0 (a number, from a smallint column, as is). */
    TINYINT1,
    /** {@code BIT(n)} (and {@code BIT(1)} from {@code boolean}): binary digits as an unsigned number, which MySQL stores bit for bit. */
    BITS,
    /** {@code FLOAT}: the float widened to a double exactly, so that FLT_MAX is not rounded past MySQL's range. */
    FLOAT4,
    /** {@code DOUBLE}: as is, but NaN and infinities, which MySQL cannot store, are refused. */
    FLOAT8,
    /** {@code TIME} from {@code interval}: Debezium's ISO 8601 duration (or canonical {@code H:MM:SS}) as {@code [-]H:MM:SS[.f]}. */
    TIME,
    /** {@code TIMESTAMP} from {@code timestamptz}: the UTC instant without its {@code Z}, for a session in UTC. */
    TIMESTAMP,
    /** {@code BINARY}, {@code VARBINARY} and the BLOBs from {@code bytea}: base64 decoded by the server. */
    BINARY;

    /** Debezium's {@code interval.handling.mode=string}: {@code P<y>Y<m>M<d>DT<h>H<m>M<s>S}, each part with its own sign. */
    private static final Pattern ISO_INTERVAL = Pattern.compile(
            "P(-?\\d+)Y(-?\\d+)M(-?\\d+)DT(-?\\d+)H(-?\\d+)M(-?\\d+(?:\\.\\d+)?)S");
    private static final BigDecimal MICROS = BigDecimal.valueOf(1_000_000L);

    /**
     * The bind for a MySQL column.
     *
     * @param columnType the column's {@code information_schema.columns.column_type}, e.g. {@code tinyint(1)},
     *                   {@code bigint(20) unsigned}, {@code bit(8)}, {@code enum('a','b')}
     */
    public static ReverseBind of(String columnType) {
        String t = columnType.toLowerCase(Locale.ROOT).strip();
        String base = dataType(t);
        return switch (base) {
            case "tinyint" -> t.startsWith("tinyint(1)") ? TINYINT1 : AS_IS;
            case "bool", "boolean" -> TINYINT1;
            case "bit" -> BITS;
            case "float" -> FLOAT4;
            case "double", "real" -> FLOAT8;
            case "time" -> TIME;
            case "timestamp" -> TIMESTAMP;
            case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob" -> BINARY;
            default -> AS_IS;
        };
    }

    /** The bare type of a column type: {@code bigint(20) unsigned} gives {@code bigint}. */
    public static String dataType(String columnType) {
        String t = columnType.toLowerCase(Locale.ROOT).strip();
        int end = 0;
        while (end < t.length() && (Character.isLetterOrDigit(t.charAt(end)) || t.charAt(end) == '_')) {
            end++;
        }
        return t.substring(0, end);
    }

    /** The parameter placeholder, with the conversion the server makes of the text {@link #text} gives. */
    public String placeholder() {
        return switch (this) {
            case BITS -> "CAST(CONV(?, 2, 10) AS UNSIGNED)";
            case BINARY -> "FROM_BASE64(?)";
            default -> "?";
        };
    }

    /**
     * The text to bind for a canonical value (null stays null).
     *
     * @param where {@code table.column}, for errors
     * @throws IllegalArgumentException when MySQL cannot hold the value; the message names the column and the value
     */
    public String text(String canonical, String where) {
        if (canonical == null) {
            return null;
        }
        return switch (this) {
            case AS_IS -> canonical;
            case TINYINT1 -> switch (canonical) {
                case "true" -> "1";
                case "false" -> "0";
                default -> canonical;
            };
            case BITS -> switch (canonical) {
                case "true" -> "1";
                case "false" -> "0";
                default -> bits(canonical, where);
            };
            case FLOAT4 -> {
                float f = Float.parseFloat(finite(canonical, where));
                // MySQL reads the text as a double and narrows it; the float's own shortest decimal (3.4028235E38 for
                // FLT_MAX) is above FLT_MAX as a double and out of FLOAT's range, its exact double is not.
                yield f == 0.0f ? "0" : new BigDecimal((double) f).toPlainString();
            }
            case FLOAT8 -> finite(canonical, where);
            case TIME -> time(canonical, where);
            case TIMESTAMP -> {
                if (!canonical.endsWith("Z")) {
                    throw new IllegalArgumentException(where + ": not a canonical instant (yyyy-MM-dd HH:mm:ss[.f]Z): '" + canonical + "'");
                }
                yield canonical.substring(0, canonical.length() - 1);
            }
            case BINARY -> canonical;
        };
    }

    private static String bits(String digits, String where) {
        try {
            return CanonicalValues.ofBitText(digits);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    private static String finite(String canonical, String where) {
        if (canonical.equals("NaN") || canonical.endsWith("Infinity")) {
            throw new IllegalArgumentException(where + ": MySQL cannot store the floating point value " + canonical);
        }
        return canonical;
    }

    /**
     * A PostgreSQL interval as captured ({@code P0Y0M1DT2H3M4.5S}) or a canonical TIME ({@code -26:03:04.5}) as a MySQL
     * TIME. Days are 24 hours (a TIME has no days); months and years have no fixed length and are refused.
     */
    static String time(String value, String where) {
        Matcher m = ISO_INTERVAL.matcher(value);
        if (!m.matches()) {
            try {
                return CanonicalValues.ofTimeText(value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": not an interval or a time: '" + value + "'", e);
            }
        }
        if (Long.parseLong(m.group(1)) != 0 || Long.parseLong(m.group(2)) != 0) {
            throw new IllegalArgumentException(where + ": the interval " + value
                    + " has years or months, which a MySQL TIME cannot hold");
        }
        BigDecimal seconds = new BigDecimal(m.group(6));
        BigDecimal total = BigDecimal.valueOf(((Long.parseLong(m.group(3)) * 24 + Long.parseLong(m.group(4))) * 60
                + Long.parseLong(m.group(5))) * 60).add(seconds);
        BigDecimal micros = total.multiply(MICROS);
        if (micros.stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException(where + ": the interval " + value + " is finer than a microsecond");
        }
        return CanonicalValues.ofTimeMicros(micros.longValueExact());
    }
}
