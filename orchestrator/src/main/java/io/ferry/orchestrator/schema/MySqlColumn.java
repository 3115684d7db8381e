package io.ferry.orchestrator.schema;

import java.util.List;
import java.util.Locale;

/**
 * A MySQL/MariaDB column as {@code information_schema.columns} describes it.
 *
 * @param dataType   the bare type, lower case ({@code int}, {@code varchar}, {@code enum})
 * @param columnType the full type as declared ({@code int(10) unsigned}, {@code enum('a','b')}, {@code tinyint(1)})
 */
public record MySqlColumn(String name, String dataType, String columnType, boolean nullable, Long charLength,
        Integer precision, Integer scale, Integer datetimePrecision, String defaultValue, String extra) {

    public MySqlColumn {
        dataType = dataType.toLowerCase(Locale.ROOT);
        columnType = columnType.toLowerCase(Locale.ROOT);
    }

    public MySqlColumn withDataType(String type) {
        return new MySqlColumn(name, type, type, nullable, charLength, precision, scale, datetimePrecision, defaultValue, extra);
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
