package io.ferry.orchestrator.schema;

import io.ferry.core.schema.EnumLabels;
import java.util.List;
import java.util.Locale;

/**
 * A MySQL/MariaDB column as {@code information_schema.columns} describes it.
 *
 * @param dataType             the bare type, lower case ({@code int}, {@code varchar}, {@code enum})
 * @param columnType           the full type as declared ({@code int(10) unsigned}, {@code enum('a','b')}, {@code tinyint(1)})
 * @param generationExpression the expression of a generated column, null for a stored one
 * @param charset              character set of a text column, else null
 * @param collation            collation of a text column, else null
 * @param comment              the column comment, empty when there is none
 */
public record MySqlColumn(String name, String dataType, String columnType, boolean nullable, Long charLength,
        Integer precision, Integer scale, Integer datetimePrecision, String defaultValue, String extra,
        String generationExpression, String charset, String collation, String comment) {

    public MySqlColumn {
        dataType = dataType.toLowerCase(Locale.ROOT);
        columnType = columnType.toLowerCase(Locale.ROOT);
        generationExpression = generationExpression == null || generationExpression.isBlank() ? null : generationExpression;
        comment = comment == null ? "" : comment;
    }

    /** A column without generation expression, character set or comment. */
    public MySqlColumn(String name, String dataType, String columnType, boolean nullable, Long charLength,
            Integer precision, Integer scale, Integer datetimePrecision, String defaultValue, String extra) {
        this(name, dataType, columnType, nullable, charLength, precision, scale, datetimePrecision, defaultValue, extra,
                null, null, null, "");
    }

    public MySqlColumn withDataType(String type) {
        return new MySqlColumn(name, type, type, nullable, charLength, precision, scale, datetimePrecision, defaultValue, extra,
                generationExpression, charset, collation, comment);
    }

    public boolean generated() {
        return generationExpression != null;
    }

    /** Whether the column holds dates, which MySQL may hold as zero or invalid dates. */
    public boolean temporalWithDate() {
        return dataType.equals("date") || dataType.equals("datetime") || dataType.equals("timestamp");
    }

    public boolean unsigned() {
        return columnType.contains("unsigned");
    }

    public boolean autoIncrement() {
        return extra != null && extra.toLowerCase(Locale.ROOT).contains("auto_increment");
    }

    /** The labels of an ENUM or SET column, in declaration order, with MySQL's quote escaping undone. */
    public List<String> labels() {
        int open = columnType.indexOf('(');
        int close = columnType.lastIndexOf(')');
        if (open < 0 || close < open) {
            return List.of();
        }
        return EnumLabels.parse(columnType.substring(open + 1, close));
    }
}
