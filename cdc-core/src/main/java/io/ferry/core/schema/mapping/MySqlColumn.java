package io.ferry.core.schema.mapping;

import io.ferry.core.schema.EnumLabels;
import java.util.List;
import java.util.Locale;

/**
 * A MySQL/MariaDB column as {@code information_schema.columns} describes it.
 *
 * @param dataType             the bare type, lower case ({@code int}, {@code varchar}, {@code enum})
 * @param columnType           the full type as declared ({@code int(10) unsigned}, {@code enum('Y','N')}, {@code tinyint(1)}),
 *                             lower case but for the labels of an ENUM or SET, which keep their exact spelling
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
        columnType = lowerCaseButLabels(dataType, columnType);
        generationExpression = generationExpression == null || generationExpression.isBlank() ? null : generationExpression;
        comment = comment == null ? "" : comment;
    }

    /** A column without generation expression, character set or comment. */
    public MySqlColumn(String name, String dataType, String columnType, boolean nullable, Long charLength,
            Integer precision, Integer scale, Integer datetimePrecision, String defaultValue, String extra) {
        this(name, dataType, columnType, nullable, charLength, precision, scale, datetimePrecision, defaultValue, extra,
                null, null, null, "");
    }

    /**
     * The declared type in lower case, except the label list of an ENUM or SET: capture sends the labels as
     * declared ({@code 'Y'}), so the target's CHECK, enum type and default must spell them the same way.
     */
    private static String lowerCaseButLabels(String dataType, String columnType) {
        int open = columnType.indexOf('(');
        int close = columnType.lastIndexOf(')');
        if (!(dataType.equals("enum") || dataType.equals("set")) || open < 0 || close < open) {
            return columnType.toLowerCase(Locale.ROOT);
        }
        return columnType.substring(0, open).toLowerCase(Locale.ROOT) + columnType.substring(open, close + 1)
                + columnType.substring(close + 1).toLowerCase(Locale.ROOT);
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
