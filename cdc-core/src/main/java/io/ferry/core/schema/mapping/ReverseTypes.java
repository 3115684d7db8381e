package io.ferry.core.schema.mapping;

import io.ferry.core.schema.TableId;
import java.util.Locale;

/**
 * Whether a PostgreSQL column still carries the MySQL/MariaDB column it was created from, so that its values can go
 * back through {@link ReverseBind}: its type is the one the forward mapping gives (with the pipeline's type rules). A
 * column altered on PostgreSQL after the flip (a wider varchar, another type) would carry values the source cannot
 * hold, which is reported before a cutover starts reverse replication, not found out at a rollback.
 */
public final class ReverseTypes {

    private ReverseTypes() {
    }

    /**
     * @param targetFormatType the PostgreSQL column's type as {@code format_type} spells it
     * @return null when the column goes back, else the problem in one sentence naming the column
     */
    public static String problem(TypeMapper mapper, TableId source, MySqlColumn column, String targetFormatType) {
        PgColumnType forward;
        try {
            forward = mapper.map(source, column);
        } catch (UnsupportedTypeException e) {
            return e.getMessage();
        }
        String expected = PgColumnType.formatType(forward.sql()).toLowerCase(Locale.ROOT);
        String actual = targetFormatType.toLowerCase(Locale.ROOT);
        if (forward.pgEnum() ? !builtIn(actual) : expected.equals(actual)) {
            return null;
        }
        return source + "." + column.name() + ": the target column is " + targetFormatType + " but the source column "
                + column.columnType() + " maps to " + (forward.pgEnum() ? "a PostgreSQL enum type" : forward.sql())
                + "; its values cannot be written back exactly";
    }

    /** A PostgreSQL enum column's type is the enum type's name; any built-in spelling means it was changed. */
    private static boolean builtIn(String formatType) {
        return formatType.equals("text") || formatType.startsWith("character") || formatType.contains("(")
                || formatType.contains(" ") || formatType.endsWith("[]");
    }
}
