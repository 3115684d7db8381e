package io.ferry.capture;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.ferry.core.config.TypesConfig;
import io.ferry.core.config.TypesConfig.ZeroDateRule;
import io.ferry.core.value.CanonicalValues;
import io.ferry.core.value.LogicalType;
import io.ferry.core.value.ZeroDates;
import io.debezium.spi.converter.CustomConverter;
import io.debezium.spi.converter.RelationalColumn;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Properties;
import org.apache.kafka.connect.data.SchemaBuilder;

/**
 * A Debezium converter for the columns whose values depend on the pipeline's {@link TypesConfig}:
 * <ul>
 *   <li>{@code TINYINT(1)} mapped to boolean: 0 and 1 become {@code false} and {@code true}; any other value cannot be
 *   a boolean and stops capture (map the column to smallint instead);</li>
 *   <li>{@code DATE}, {@code DATETIME} and {@code TIMESTAMP}: their canonical text, with zero and invalid dates
 *   under the column's zero-date policy. Debezium's readers give such dates as null (and a zero TIMESTAMP as the
 *   epoch); left to Debezium, a NOT NULL column would get 1970-01-01 silently.</li>
 * </ul>
 * Values it produces are canonical text under the schema name {@value #CANONICAL}. Under the {@code error} policy it
 * produces {@link #ZERO_DATE}, and for a TINYINT(1) value other than 0 or 1 {@link #NOT_BOOLEAN} and the number,
 * which {@link RecordConverter} turns into an error naming the column and the position. The converter must not throw:
 * it also runs on column defaults, and Debezium turns an exception from a converter into a null value with no more
 * than a log line, which is how a TINYINT(1) value of 2 once became NULL on the target.
 *
 * <p>A NULL in a nullable column and a zero date in it both reach Debezium as null; they are told apart only in
 * NOT NULL columns. {@code ferry check} counts zero dates in nullable columns for that reason.
 */
public final class FerryColumnConverter implements CustomConverter<SchemaBuilder, RelationalColumn> {

    /** The schema name of fields whose values are canonical text already. */
    public static final String CANONICAL = "io.ferry.Canonical";
    /** The value standing for a zero date under the error policy; no canonical value looks like it. */
    public static final String ZERO_DATE = "\u0000zero-date";
    /** The prefix of the value standing for a TINYINT(1) value that is not 0 or 1; the source's number follows it. */
    public static final String NOT_BOOLEAN = "\u0000not-boolean:";

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private TypesConfig types = TypesConfig.DEFAULTS;

    /** The converter properties that carry the pipeline's type rules. */
    public static void configure(Properties debezium, String name, TypesConfig types) {
        debezium.setProperty(name + ".type", FerryColumnConverter.class.getName());
        try {
            debezium.setProperty(name + ".rules", JSON.writeValueAsString(types));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("type rules cannot be written as JSON", e);
        }
    }

    @Override
    public void configure(Properties props) {
        String rules = props.getProperty("rules");
        if (rules != null) {
            try {
                types = JSON.readValue(rules, TypesConfig.class);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("converter rules are not valid JSON: " + e.getOriginalMessage(), e);
            }
        }
    }

    @Override
    public void converterFor(RelationalColumn column, ConverterRegistration<SchemaBuilder> registration) {
        String type = column.typeName().toUpperCase(Locale.ROOT);
        String table = tableName(column.dataCollection());
        String where = table + "." + column.name();
        switch (type) {
            case "TINYINT", "TINYINT UNSIGNED" -> {
                if (column.length().orElse(-1) == 1
                        && types.tinyint1AsBoolean(table, column.name(), "tinyint(1)" + (type.endsWith("UNSIGNED") ? " unsigned" : ""))) {
                    // Canonical text rather than a Connect boolean, so a value that is no boolean can travel to
                    // RecordConverter, which knows the position to name.
                    registration.register(SchemaBuilder.string().name(CANONICAL).optional(), raw -> toBoolean(raw, where));
                }
            }
            case "DATE", "DATETIME", "TIMESTAMP" -> {
                LogicalType logical = type.equals("DATE") ? LogicalType.DATE : type.equals("DATETIME") ? LogicalType.DATETIME : LogicalType.TIMESTAMP;
                Temporal t = new Temporal(logical, column.length().orElse(0), column.isOptional(), types.zeroDateRule(table, column.name()), where);
                registration.register(SchemaBuilder.string().name(CANONICAL).optional(), raw -> temporal(raw, t));
            }
            default -> {
            }
        }
    }

    /**
     * A temporal column as the converter needs it.
     *
     * @param fsp fractional-second precision, which decides the unit of Debezium's own numeric form
     */
    record Temporal(LogicalType type, int fsp, boolean nullable, ZeroDateRule rule, String where) {
    }

    /** {@code db.table} as Debezium names a column's table, to the bare table name the type rules use. */
    static String tableName(String dataCollection) {
        int dot = dataCollection.indexOf('.');
        return dot < 0 ? dataCollection : dataCollection.substring(dot + 1);
    }

    /**
     * The canonical boolean of a TINYINT(1) value, or {@link #NOT_BOOLEAN} and the number when it is neither 0 nor 1.
     * Both the binlog and Debezium's snapshot hand the column over as a number (TinyintOneIT holds them to it).
     */
    static String toBoolean(Object raw, String where) {
        if (raw == null) {
            return null;
        }
        if (raw instanceof Boolean b) {
            return CanonicalValues.ofBoolean(b);
        }
        long v;
        if (raw instanceof Number n) {
            v = n.longValue();
        } else if (raw instanceof String s) {
            try {
                v = Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                return NOT_BOOLEAN + s;
            }
        } else {
            return NOT_BOOLEAN + raw.getClass().getName();
        }
        return v == 0 || v == 1 ? CanonicalValues.ofBoolean(v == 1) : NOT_BOOLEAN + v;
    }

    /** The error for a TINYINT(1) value that is no boolean, as {@link RecordConverter} raises it with the position. */
    static String notBooleanMessage(String where, String value, String position, String tableColumn) {
        return where + " at " + position + ": TINYINT(1) value " + value + " is not 0 or 1, so it cannot become a boolean "
                + "(types.tinyint1: boolean); map the column to smallint (types.columns.\"" + tableColumn
                + "\".type: smallint, or types.tinyint1: smallint) and plan the target column again";
    }

    /** The canonical text of a temporal value as Debezium's binlog or snapshot reader gives it. */
    static String temporal(Object raw, Temporal column) {
        LogicalType type = column.type();
        ZeroDateRule rule = column.rule();
        String where = column.where();
        if (raw == null) {
            // Debezium's readers give zero and invalid dates as null. In a NOT NULL column nothing else is null; in a
            // nullable one the two cannot be told apart, so null stays null whatever the policy.
            return column.nullable() ? null : zero(rule, type, where, null);
        }
        if (raw instanceof String s) {
            if (ZeroDates.isZeroOrInvalid(s)) {
                return zero(rule, type, where, s);
            }
            String text = s.trim().replace(' ', 'T');
            if (text.length() > 19 && (text.endsWith("Z") || text.lastIndexOf('+') > 18 || text.lastIndexOf('-') > 18)) {
                // Debezium hands column defaults of TIMESTAMP columns over as ISO instants (2000-01-01T05:00:00Z).
                Instant i = OffsetDateTime.parse(text).toInstant();
                return type == LogicalType.TIMESTAMP ? CanonicalValues.ofInstant(i)
                        : temporal(LocalDateTime.ofInstant(i, ZoneOffset.UTC), column);
            }
            LocalDateTime t = text.length() == 10 ? LocalDate.parse(text).atStartOfDay() : LocalDateTime.parse(text);
            return switch (type) {
                case DATE -> CanonicalValues.ofDate(t.toLocalDate());
                case DATETIME -> CanonicalValues.ofDateTime(t);
                default -> CanonicalValues.ofInstant(t.toInstant(ZoneOffset.UTC));
            };
        }
        if (raw instanceof Number n) {
            // Column defaults reach converters in Debezium's own form: epoch days for DATE, epoch milliseconds for
            // DATETIME(0..3) and microseconds for DATETIME(4..6).
            long v = n.longValue();
            return switch (type) {
                case DATE -> CanonicalValues.ofEpochDay(v);
                case DATETIME -> CanonicalValues.ofDateTimeMicros(column.fsp() <= 3 ? Math.multiplyExact(v, 1000L) : v);
                default -> throw new UnsupportedValueException(where + ": TIMESTAMP value of type " + raw.getClass().getName()
                        + " is not supported");
            };
        }
        switch (type) {
            case DATE:
                if (raw instanceof LocalDate d) {
                    return CanonicalValues.ofDate(d);
                }
                if (raw instanceof java.sql.Date d) {
                    return CanonicalValues.ofDate(d.toLocalDate());
                }
                if (raw instanceof LocalDateTime t) {
                    return CanonicalValues.ofDate(t.toLocalDate());
                }
                break;
            case DATETIME:
                if (raw instanceof LocalDateTime t) {
                    return CanonicalValues.ofDateTime(t);
                }
                if (raw instanceof java.sql.Timestamp t) {
                    return CanonicalValues.ofDateTime(t.toLocalDateTime());
                }
                if (raw instanceof LocalDate d) {
                    return CanonicalValues.ofDateTime(d.atStartOfDay());
                }
                break;
            case TIMESTAMP: {
                Instant i = instant(raw);
                if (i != null) {
                    // MySQL keeps the zero TIMESTAMP as 0 seconds after the epoch, which no real TIMESTAMP can be.
                    return i.equals(Instant.EPOCH) ? zero(rule, type, where, "0000-00-00 00:00:00") : CanonicalValues.ofInstant(i);
                }
                break;
            }
            default:
                break;
        }
        throw new UnsupportedValueException(where + ": " + type + " value of type " + raw.getClass().getName() + " is not supported");
    }

    private static Instant instant(Object raw) {
        if (raw instanceof ZonedDateTime z) {
            return z.toInstant();
        }
        if (raw instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (raw instanceof Instant i) {
            return i;
        }
        if (raw instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        if (raw instanceof LocalDateTime utc) {
            return utc.toInstant(ZoneOffset.UTC);
        }
        return null;
    }

    private static String zero(ZeroDateRule rule, LogicalType type, String where, String original) {
        return switch (rule.policy()) {
            case ERROR -> ZERO_DATE;
            default -> ZeroDates.replacement(rule, type, where, original);
        };
    }
}
