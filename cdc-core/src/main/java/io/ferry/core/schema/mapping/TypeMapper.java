package io.ferry.core.schema.mapping;

import io.ferry.core.config.TypesConfig;
import io.ferry.core.config.TypesConfig.EnumMapping;
import io.ferry.core.config.TypesConfig.SetMapping;
import io.ferry.core.schema.TableId;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The mapping of MySQL/MariaDB column types to PostgreSQL, chosen so that every source value has
 * exactly one target value that reads back in the same canonical form. The defaults are tabled in
 * {@code docs/type-mapping.md} (keep the two in step); the pipeline's {@link TypesConfig} changes
 * them per type and per column.
 */
public final class TypeMapper {

    private static final Set<String> SPATIAL = Set.of("geometry", "point", "linestring", "polygon", "multipoint",
            "multilinestring", "multipolygon", "geometrycollection", "geomcollection");

    private final TypesConfig types;

    public TypeMapper(TypesConfig types) {
        this.types = types;
    }

    public TypesConfig rules() {
        return types;
    }

    public PgColumnType map(TableId table, MySqlColumn c) {
        String where = table + "." + c.name();
        String override = types.typeOverride(table.table(), c.name(), c.columnType(), c.dataType());
        if (override != null) {
            if (SPATIAL.contains(c.dataType())) {
                throw new UnsupportedTypeException(where + ": spatial type " + c.columnType() + " is not supported, "
                        + "even with a type override (capture cannot read its values)");
            }
            return new PgColumnType(override.trim(), null, null);
        }
        boolean unsigned = c.unsigned();
        switch (c.dataType()) {
            case "tinyint":
                if (c.columnType().startsWith("tinyint(1)") && types.tinyint1AsBoolean(table.table(), c.name(), c.columnType())) {
                    return new PgColumnType("boolean", null, null);
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
                return nonNegativeIf(unsigned, "numeric(" + c.precision() + "," + c.scale() + ")");
            case "float":
                return nonNegativeIf(unsigned, "real");
            case "double":
            case "real":
                return nonNegativeIf(unsigned, "double precision");
            case "bit":
                return c.precision() != null && c.precision() == 1 ? PgColumnType.of("boolean")
                        : PgColumnType.of("bit(" + c.precision() + ")");
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
                return types.sets() == SetMapping.ARRAY ? PgColumnType.of("text[]") : PgColumnType.of("text");
            default:
                if (SPATIAL.contains(c.dataType())) {
                    throw new UnsupportedTypeException(where + ": spatial type " + c.columnType() + " is not supported");
                }
                throw new UnsupportedTypeException(where + ": type " + c.columnType() + " is not supported");
        }
    }

    private PgColumnType enumType(MySqlColumn c) {
        List<String> labels = c.labels();
        if (types.enums() == EnumMapping.TEXT) {
            return PgColumnType.of("text");
        }
        if (types.enums() == EnumMapping.PG_ENUM) {
            return new PgColumnType("text", null, null, labels);
        }
        String list = labels.stream().map(l -> "'" + l.replace("'", "''") + "'").collect(Collectors.joining(", "));
        return new PgColumnType("text", " IN (" + list + ")", null);
    }

    /** UNSIGNED on a fixed or floating point type keeps its width and only forbids negative values, so a CHECK carries it. */
    private static PgColumnType nonNegativeIf(boolean unsigned, String sql) {
        return unsigned ? new PgColumnType(sql, " >= 0", null) : PgColumnType.of(sql);
    }

    private static int fsp(MySqlColumn c) {
        return c.datetimePrecision() == null ? 0 : c.datetimePrecision();
    }
}
