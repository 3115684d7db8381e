package io.ferry.capture;

import io.ferry.core.value.CanonicalValues;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * Turns a value of a Debezium Connect record into its canonical text form, by the field schema's
 * logical name first (Debezium's semantic types) and its primitive type second. A type Ferry does
 * not know is an error naming the column, never a guess.
 */
final class ConnectValues {

    private ConnectValues() {
    }

    static String canonical(Schema schema, Object value, String where) {
        if (value == null) {
            return null;
        }
        String name = schema.name();
        if (name != null) {
            switch (name) {
                case Decimal.LOGICAL_NAME:
                    return CanonicalValues.ofDecimal((BigDecimal) value);
                case "io.debezium.data.VariableScaleDecimal": {
                    Struct s = (Struct) value;
                    // PostgreSQL's numeric without a declared scale keeps the scale of each value (1.50 stays 1.50).
                    return new BigDecimal(new BigInteger(bytes(s.get("value"))), s.getInt32("scale")).toPlainString();
                }
                case "io.debezium.time.Date":
                    return CanonicalValues.ofEpochDay(((Number) value).longValue());
                case "io.debezium.time.Timestamp":
                    return CanonicalValues.ofDateTimeMicros(Math.multiplyExact(((Number) value).longValue(), 1000L));
                case "io.debezium.time.MicroTimestamp":
                    return CanonicalValues.ofDateTimeMicros(((Number) value).longValue());
                case "io.debezium.time.NanoTimestamp":
                    return CanonicalValues.ofDateTimeMicros(Math.floorDiv(((Number) value).longValue(), 1000L));
                case "io.debezium.time.ZonedTimestamp":
                    return CanonicalValues.ofInstant(OffsetDateTime.parse((String) value, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
                case "io.debezium.time.Time":
                    return CanonicalValues.ofTimeMicros(((Number) value).longValue() * 1000L);
                case "io.debezium.time.MicroTime":
                    return CanonicalValues.ofTimeMicros(((Number) value).longValue());
                case "io.debezium.time.NanoTime":
                    return CanonicalValues.ofTimeMicros(Math.floorDiv(((Number) value).longValue(), 1000L));
                case "io.debezium.time.Year":
                    return CanonicalValues.ofInteger(((Number) value).longValue());
                case "io.debezium.data.Json":
                    return CanonicalValues.ofJson((String) value);
                case "io.debezium.data.Enum":
                    return CanonicalValues.ofEnum((String) value);
                case "io.debezium.data.EnumSet":
                    return CanonicalValues.ofSetText((String) value);
                case "io.debezium.data.Bits":
                    return CanonicalValues.ofBits(reversed(bytes(value)));
                default:
                    // Other logical names (Bits, Uuid, Xml, ZonedTime, ...) carry a primitive we can read as is.
                    break;
            }
        }
        switch (schema.type()) {
            case BOOLEAN:
                return CanonicalValues.ofBoolean((Boolean) value);
            case INT8:
            case INT16:
            case INT32:
            case INT64:
                return CanonicalValues.ofInteger(((Number) value).longValue());
            case FLOAT32:
                return CanonicalValues.ofFloat((Float) value);
            case FLOAT64:
                return CanonicalValues.ofDouble((Double) value);
            case STRING:
                return isNumeric(schema) ? numeric((String) value, schema) : (String) value;
            case BYTES:
                return CanonicalValues.ofBytes(bytes(value));
            case ARRAY:
                return array(schema, (java.util.List<?>) value, where);
            default:
                throw new UnsupportedValueException(where + ": Connect type " + schema.type()
                        + (name == null ? "" : " (" + name + ")") + " is not supported by Ferry yet");
        }
    }

    /**
     * A one-dimensional PostgreSQL array as its elements' canonical values joined by commas, the form the applier reads
     * arrays in (as MySQL SET values). An element that is NULL or holds a comma cannot travel that way: an error.
     */
    private static String array(Schema schema, java.util.List<?> values, String where) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            String element = canonical(schema.valueSchema(), values.get(i), where);
            if (element == null || element.isEmpty() || element.indexOf(',') >= 0 || schema.valueSchema().type() == Schema.Type.ARRAY) {
                throw new UnsupportedValueException(where + ": an array element that is NULL, empty, holds a comma or is an array ("
                        + (element == null ? "NULL" : "'" + element + "'") + ") is not supported by Ferry yet");
            }
            sb.append(i == 0 ? "" : ",").append(element);
        }
        return sb.toString();
    }

    /** Debezium's parameters of a column's source type ({@code datatype.propagate.source.type}). */
    static final String SOURCE_TYPE = "__debezium.source.column.type";
    static final String SOURCE_LENGTH = "__debezium.source.column.length";
    static final String SOURCE_SCALE = "__debezium.source.column.scale";
    /** The length Debezium gives a PostgreSQL numeric declared without precision. */
    private static final String UNCONSTRAINED_NUMERIC_LENGTH = "131089";

    /** Whether a text value is a PostgreSQL numeric, which capture reads as text ({@code decimal.handling.mode: string}). */
    private static boolean isNumeric(Schema schema) {
        String type = schema.parameters() == null ? null : schema.parameters().get(SOURCE_TYPE);
        return "NUMERIC".equalsIgnoreCase(type) || "DECIMAL".equalsIgnoreCase(type);
    }

    /**
     * A PostgreSQL numeric read as text, so that NaN and the infinities travel too (Debezium names them {@code NAN},
     * {@code POSITIVE_INFINITY}, {@code NEGATIVE_INFINITY}): those as PostgreSQL spells them; a number of a declared
     * scale as a DECIMAL's canonical form; a number without one keeps the scale it was stored with (1.50 stays 1.50),
     * which Debezium tells by the column's length and scale as it does for its own decimal types.
     */
    static String numeric(String text, Schema schema) {
        switch (text) {
            case "NAN":
                return "NaN";
            case "POSITIVE_INFINITY":
                return "Infinity";
            case "NEGATIVE_INFINITY":
                return "-Infinity";
            default:
                break;
        }
        String length = schema.parameters().get(SOURCE_LENGTH);
        String scale = schema.parameters().get(SOURCE_SCALE);
        boolean variableScale = (length == null || "0".equals(length) || UNCONSTRAINED_NUMERIC_LENGTH.equals(length))
                && (scale == null || "0".equals(scale));
        return variableScale ? text : CanonicalValues.ofDecimal(new BigDecimal(text));
    }

    /** Debezium gives BIT(n) values least significant byte first. */
    private static byte[] reversed(byte[] littleEndian) {
        byte[] b = new byte[littleEndian.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = littleEndian[b.length - 1 - i];
        }
        return b;
    }

    private static byte[] bytes(Object value) {
        if (value instanceof byte[] b) {
            return b;
        }
        ByteBuffer buf = ((ByteBuffer) value).duplicate();
        byte[] b = new byte[buf.remaining()];
        buf.get(b);
        return b;
    }
}
