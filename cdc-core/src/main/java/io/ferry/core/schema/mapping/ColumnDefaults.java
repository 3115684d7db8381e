package io.ferry.core.schema.mapping;

import io.ferry.core.schema.TableId;
import io.ferry.core.value.ZeroDates;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A MySQL/MariaDB column's default as a PostgreSQL default expression: the schema plan's and the applier's (a
 * column added on the source while streaming) one translation.
 */
public final class ColumnDefaults {

    private static final Pattern NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");
    private static final Pattern CURRENT_TIMESTAMP = Pattern.compile("(?i)current_timestamp(\\([0-6]?\\))?");

    private ColumnDefaults() {
    }

    /** Literal defaults and CURRENT_TIMESTAMP are carried; anything else is a finding (added to {@code findings}), and null. */
    public static String expression(MySqlColumn c, PgColumnType type, TableId table, List<String> findings) {
        String d = c.defaultValue();
        if (d == null || d.equalsIgnoreCase("NULL")) {
            return null;
        }
        if (c.temporalWithDate() && ZeroDates.isZeroOrInvalid(d.replace("'", ""))) {
            findings.add(table + "." + c.name() + ": default " + d + " is a zero date and is not carried over");
            return null;
        }
        if (CURRENT_TIMESTAMP.matcher(d).matches()) {
            return "CURRENT_TIMESTAMP";
        }
        if (type.sql().equals("boolean") && (d.equals("0") || d.equals("1") || d.equals("b'0'") || d.equals("b'1'"))) {
            return d.contains("1") ? "true" : "false";
        }
        if (c.dataType().equals("enum") && c.labels().contains(d)) {
            // MySQL 8 gives an ENUM's default label unquoted (MariaDB quotes it); a label is a literal either way.
            return "'" + d.replace("'", "''") + "'";
        }
        if (NUMBER.matcher(d).matches()) {
            return d;
        }
        if (d.length() >= 2 && d.startsWith("'") && d.endsWith("'")) {
            String literal = d.substring(1, d.length() - 1).replace("''", "'").replace("\\\\", "\\");
            return "'" + literal.replace("'", "''") + "'";
        }
        findings.add(table + "." + c.name() + ": default " + d + " is not carried over");
        return null;
    }
}
