package io.ferry.orchestrator.schema;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The default mapping of MySQL/MariaDB column types to PostgreSQL, chosen so that every source
 * value has exactly one target value that reads back in the same canonical form. The table is in
 * {@code docs/type-mapping.md}; keep the two in step.
 */
public final class TypeMapper {

    /** Choices a data team makes up front. */
    public record Options(boolean tinyint1AsBoolean, boolean enumAsCheck) {
        public static final Options DEFAULTS = new Options(true, true);
    }

    private static final Set<String> SPATIAL = Set.of("geometry", "point", "linestring", "polygon", "multipoint",
            "multilinestring", "multipolygon", "geometrycollection", "geomcollection");

    private final Options options;

    public TypeMapper(Options options) {
        this.options = options;
    }

    public PgColumnType map(String table, MySqlColumn c) {
        String where = table + "." + c.name();
        boolean unsigned = c.unsigned();
        switch (c.dataType()) {
            case "tinyint":
                if (options.tinyint1AsBoolean() && c.columnType().startsWith("tinyint(1)")) {
                    return PgColumnType.of("boolean");
                }
                return PgColumnType.of("smallint");
            case "smallint":
                return PgColumnType.of(unsigned ? "integer" : "smallint");
            case "mediumint":
                return PgColumnType.of("integer");
            case "int":
            case "integer":
                return PgColumnType.of(unsigned ? "bigint" : "integer");
            case "bigint":
                return unsigned ? new PgColumnType("numeric(20,0)", " BETWEEN 0 AND 18446744073709551615", null)
                        : PgColumnType.of("bigint");
            case "decimal":
            case "numeric":
                return PgColumnType.of("numeric(" + c.precision() + "," + c.scale() + ")");
            case "float":
                return PgColumnType.of("real");
            case "double":
            case "real":
                return PgColumnType.of("double precision");
            case "bit":
                return c.precision() != null && c.precision() == 1 ? PgColumnType.of("boolean")
                        : PgColumnType.of("bit varying(" + c.precision() + ")");
            case "year":
                return PgColumnType.of("smallint");
            case "char":
                // MySQL drops a CHAR's trailing spaces on read; PostgreSQL's character(n) pads them back.
                return new PgColumnType("varchar(" + c.charLength() + ")", null, null);
            case "varchar":
                return PgColumnType.of("varchar(" + c.charLength() + ")");
            case "tinytext":
            case "text":
            case "mediumtext":
            case "longtext":
                return PgColumnType.of("text");
            case "binary":
            case "varbinary":
            case "tinyblob":
            case "blob":
            case "mediumblob":
            case "longblob":
                return PgColumnType.of("bytea");
            case "date":
                return PgColumnType.of("date");
            case "time":
                // TIME spans -838:59:59..838:59:59; PostgreSQL's time stops at 24:00.
                return new PgColumnType("interval", null, null);
            case "datetime":
                return PgColumnType.of("timestamp(" + fsp(c) + ")");
            case "timestamp":
                return PgColumnType.of("timestamptz(" + fsp(c) + ")");
            case "json":
                return PgColumnType.of("jsonb");
            case "enum":
                return enumType(c);
            case "set":
                return new PgColumnType("text", null, "SET values are kept as their labels, sorted and comma-separated");
            default:
                if (SPATIAL.contains(c.dataType())) {
                    throw new UnsupportedTypeException(where + ": spatial type " + c.columnType() + " is not supported");
                }
                throw new UnsupportedTypeException(where + ": type " + c.columnType() + " is not supported");
        }
    }

    private PgColumnType enumType(MySqlColumn c) {
        List<String> labels = c.labels();
        if (!options.enumAsCheck()) {
            return new PgColumnType("text", null, "ENUM kept as text without a CHECK");
        }
        String list = labels.stream().map(l -> "'" + l.replace("'", "''") + "'").collect(Collectors.joining(", "));
        return new PgColumnType("text", " IN (" + list + ")", null);
    }

    private static int fsp(MySqlColumn c) {
        return c.datetimePrecision() == null ? 0 : c.datetimePrecision();
    }
}
