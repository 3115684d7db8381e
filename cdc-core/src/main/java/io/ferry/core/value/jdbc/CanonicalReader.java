package io.ferry.core.value.jdbc;

import io.ferry.core.config.TypesConfig.ZeroDateRule;
import io.ferry.core.config.ZeroDatePolicy;
import io.ferry.core.value.CanonicalValues;
import io.ferry.core.value.ZeroDates;
import io.ferry.core.value.LogicalType;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Reads one JDBC column as its canonical text form. MySQL/MariaDB connections must run with
 * session {@code time_zone = '+00:00'} so TIMESTAMP columns read as UTC wall time. A MySQL zero or
 * invalid date becomes what the column's {@link ZeroDateRule} says, as capture makes it.
 */
public final class CanonicalReader {

    private CanonicalReader() {
    }

    /**
     * The select-list expression that reads a column exactly. MariaDB's text protocol prints a FLOAT with six
     * significant digits, so FLOAT columns are read as DOUBLE (which widens them exactly) and narrowed here.
     *
     * @param quoted the column's quoted name
     */
    public static String select(Engine engine, LogicalType type, String quoted) {
        return engine == Engine.MYSQL && type == LogicalType.FLOAT4 ? "CAST(" + quoted + " AS DOUBLE)" : quoted;
    }

    /** Reads a column whose zero dates, if any, are an error. */
    public static String read(ResultSet rs, int index, LogicalType type, Engine engine) throws SQLException {
        return read(rs, index, type, engine, new ZeroDateRule(ZeroDatePolicy.ERROR, null), "column " + index);
    }

    /**
     * Reads a column.
     *
     * @param zeroDates what a MySQL zero or invalid date becomes
     * @param where     {@code table.column}, for errors
     */
    public static String read(ResultSet rs, int index, LogicalType type, Engine engine, ZeroDateRule zeroDates,
                              String where) throws SQLException {
        if (engine == Engine.MYSQL && (type == LogicalType.DATE || type == LogicalType.DATETIME || type == LogicalType.TIMESTAMP)) {
            String text = rs.getString(index);
            if (text != null && ZeroDates.isZeroOrInvalid(text)) {
                return ZeroDates.replacement(zeroDates, type, where, text);
            }
        }
        switch (type) {
            case BOOLEAN: {
                if (engine == Engine.MYSQL) {
                    // getBoolean would read a TINYINT(1) 2 as true; the number tells it apart.
                    long v = rs.getLong(index);
                    return rs.wasNull() ? null : CanonicalValues.ofTinyint1(v);
                }
                boolean b = rs.getBoolean(index);
                return rs.wasNull() ? null : CanonicalValues.ofBoolean(b);
            }
            case INTEGER: {
                // The driver's text of an integer is its canonical form unless padded (ZEROFILL) or otherwise odd; reading
                // it saves a BigDecimal and a BigInteger per value.
                String text = rs.getString(index);
                if (text == null) {
                    return null;
                }
                if (canonicalInteger(text)) {
                    return text;
                }
                BigDecimal d = rs.getBigDecimal(index);
                return CanonicalValues.ofInteger(d.toBigIntegerExact());
            }
            case DECIMAL: {
                if (engine == Engine.POSTGRESQL) {
                    // numeric also holds NaN and the infinities, which no BigDecimal does: read as text.
                    String text = rs.getString(index);
                    if (text == null || text.equals("NaN") || text.equals("Infinity") || text.equals("-Infinity")) {
                        return text;
                    }
                    return CanonicalValues.ofDecimal(new BigDecimal(text));
                }
                BigDecimal d = rs.getBigDecimal(index);
                return d == null ? null : CanonicalValues.ofDecimal(d);
            }
            case FLOAT4: {
                float f = rs.getFloat(index);
                return rs.wasNull() ? null : CanonicalValues.ofFloat(f);
            }
            case FLOAT: {
                double d = rs.getDouble(index);
                return rs.wasNull() ? null : CanonicalValues.ofDouble(d);
            }
            case DATE: {
                LocalDate d = rs.getObject(index, LocalDate.class);
                return d == null ? null : CanonicalValues.ofDate(d);
            }
            case DATETIME: {
                LocalDateTime t = rs.getObject(index, LocalDateTime.class);
                return t == null ? null : CanonicalValues.ofDateTime(t);
            }
            case TIMESTAMP: {
                if (engine == Engine.POSTGRESQL) {
                    OffsetDateTime t = rs.getObject(index, OffsetDateTime.class);
                    return t == null ? null : CanonicalValues.ofInstant(t.toInstant());
                }
                LocalDateTime utc = rs.getObject(index, LocalDateTime.class);
                return utc == null ? null : CanonicalValues.ofInstant(utc.toInstant(ZoneOffset.UTC));
            }
            case BINARY: {
                byte[] b = rs.getBytes(index);
                return b == null ? null : CanonicalValues.ofBytes(b);
            }
            case JSON: {
                String s = rs.getString(index);
                return s == null ? null : CanonicalValues.ofJson(s);
            }
            case TIME: {
                String s = rs.getString(index);
                return s == null ? null : CanonicalValues.ofTimeText(s);
            }
            case SET: {
                Object o = rs.getObject(index);
                if (o instanceof java.sql.Array a) {
                    Object[] labels = (Object[]) a.getArray();
                    return CanonicalValues.ofSet(java.util.Arrays.stream(labels).map(String::valueOf).toList());
                }
                String s = rs.getString(index);
                return s == null ? null : CanonicalValues.ofSetText(s);
            }
            case BITS: {
                if (engine == Engine.POSTGRESQL) {
                    String s = rs.getString(index);
                    return s == null ? null : CanonicalValues.ofBitText(s);
                }
                byte[] b = rs.getBytes(index);
                return b == null ? null : CanonicalValues.ofBits(b);
            }
            default:
                return rs.getString(index);
        }
    }

    /** Whether a text is an integer as {@link CanonicalValues#ofInteger} writes it: an optional minus, no leading zero. */
    static boolean canonicalInteger(String s) {
        int n = s.length();
        int i = n > 0 && s.charAt(0) == '-' ? 1 : 0;
        if (i == n || (s.charAt(i) == '0' && (n > 1))) {
            return false; // empty, "-", "-0", a leading zero ("0" alone is canonical)
        }
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
