package io.ferry.core.value.jdbc;

import io.ferry.core.value.CanonicalValues;
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
 * session {@code time_zone = '+00:00'} so TIMESTAMP columns read as UTC wall time.
 */
public final class CanonicalReader {

    private CanonicalReader() {
    }

    public static String read(ResultSet rs, int index, LogicalType type, Engine engine) throws SQLException {
        switch (type) {
            case BOOLEAN: {
                boolean b = rs.getBoolean(index);
                return rs.wasNull() ? null : CanonicalValues.ofBoolean(b);
            }
            case INTEGER: {
                BigDecimal d = rs.getBigDecimal(index);
                return d == null ? null : CanonicalValues.ofInteger(d.toBigIntegerExact());
            }
            case DECIMAL: {
                BigDecimal d = rs.getBigDecimal(index);
                return d == null ? null : CanonicalValues.ofDecimal(d);
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
                String s = rs.getString(index);
                return s == null ? null : CanonicalValues.ofSetText(s);
            }
            default:
                return rs.getString(index);
        }
    }
}
