package io.ferry.core.value.jdbc;

import io.ferry.core.value.LogicalType;
import java.util.Locale;

/** The logical type of a PostgreSQL column, from its {@code format_type} spelling. */
public final class ColumnTypes {

    private ColumnTypes() {
    }

    /**
     * The logical type by which a target column is compared with its source column: the target's type, except that
     * an {@code interval} from a PostgreSQL {@code interval} (months, days and time, not MySQL's TIME range) is
     * compared as the text PostgreSQL prints on both sides.
     *
     * @param sourceType the source column's declared type (MySQL's COLUMN_TYPE or PostgreSQL's format_type)
     */
    public static LogicalType forPair(String targetFormatType, String sourceType) {
        LogicalType type = fromPostgres(targetFormatType);
        if (type == LogicalType.TIME && targetFormatType.toLowerCase(Locale.ROOT).startsWith("interval")
                && sourceType != null && sourceType.toLowerCase(Locale.ROOT).startsWith("interval")) {
            return LogicalType.STRING;
        }
        return type;
    }

    public static LogicalType fromPostgres(String formatType) {
        String t = formatType.toLowerCase(Locale.ROOT);
        if (t.equals("boolean")) {
            return LogicalType.BOOLEAN;
        }
        if (t.equals("smallint") || t.equals("integer") || t.equals("bigint") || t.startsWith("numeric(") && t.endsWith(",0)")) {
            return LogicalType.INTEGER;
        }
        if (t.startsWith("numeric")) {
            return LogicalType.DECIMAL;
        }
        if (t.equals("real")) {
            return LogicalType.FLOAT4;
        }
        if (t.equals("double precision")) {
            return LogicalType.FLOAT;
        }
        if (t.equals("date")) {
            return LogicalType.DATE;
        }
        if (t.startsWith("timestamp") && t.endsWith("with time zone")) {
            return LogicalType.TIMESTAMP;
        }
        if (t.startsWith("timestamp")) {
            return LogicalType.DATETIME;
        }
        if (t.startsWith("time") || t.equals("interval")) {
            return LogicalType.TIME;
        }
        if (t.equals("bytea")) {
            return LogicalType.BINARY;
        }
        if (t.startsWith("bit(") || t.startsWith("bit varying")) {
            return LogicalType.BITS;
        }
        if (t.equals("text[]") || t.startsWith("character varying") && t.endsWith("[]")) {
            return LogicalType.SET;
        }
        if (t.equals("json") || t.equals("jsonb")) {
            return LogicalType.JSON;
        }
        return LogicalType.STRING;
    }

    /**
     * The logical type of a MySQL/MariaDB column from its {@code column_type} ({@code tinyint(1)}, {@code bit(8)},
     * {@code bigint(20) unsigned}), as the values the forward path carried from it read: {@code TINYINT(1)} and
     * {@code BIT(1)} as booleans (a TINYINT(1) other than 0 or 1 keeps its number, {@link CanonicalReader}).
     */
    public static LogicalType fromMySql(String columnType) {
        String t = columnType.toLowerCase(Locale.ROOT).strip();
        String base = io.ferry.core.schema.mapping.ReverseBind.dataType(t);
        return switch (base) {
            case "tinyint" -> t.startsWith("tinyint(1)") ? LogicalType.BOOLEAN : LogicalType.INTEGER;
            case "bool", "boolean" -> LogicalType.BOOLEAN;
            case "smallint", "mediumint", "int", "integer", "bigint", "year" -> LogicalType.INTEGER;
            case "decimal", "numeric", "dec", "fixed" -> LogicalType.DECIMAL;
            case "float" -> LogicalType.FLOAT4;
            case "double", "real" -> LogicalType.FLOAT;
            case "bit" -> t.startsWith("bit(1)") ? LogicalType.BOOLEAN : LogicalType.BITS;
            case "date" -> LogicalType.DATE;
            case "datetime" -> LogicalType.DATETIME;
            case "timestamp" -> LogicalType.TIMESTAMP;
            case "time" -> LogicalType.TIME;
            case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob" -> LogicalType.BINARY;
            case "json" -> LogicalType.JSON;
            case "enum" -> LogicalType.ENUM;
            case "set" -> LogicalType.SET;
            default -> LogicalType.STRING;
        };
    }
}
