package io.ferry.core.value;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

/**
 * The canonical text form of every logical type: one spelling per value, shared by the change
 * events, the applier's type coercion and the validator's checksums, so a value reads the same
 * from either engine. The table of forms is {@code docs/canonical-values.md}; keep the two in step.
 */
public final class CanonicalValues {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    private static final long MICROS_PER_SECOND = 1_000_000L;
    private static final long MICROS_PER_DAY = 86_400L * MICROS_PER_SECOND;

    private CanonicalValues() {
    }

    public static String ofBoolean(boolean b) {
        return b ? "true" : "false";
    }

    /**
     * A MySQL {@code TINYINT(1)} (or {@code BOOL}) carried as boolean: 0 and 1 are {@code false} and {@code true};
     * any other value stays its number. Such a value has no boolean form (capture stops on it), and rendering it as
     * {@code true} would let a target {@code true} pass validation against a source 2.
     */
    public static String ofTinyint1(long v) {
        return v == 0 || v == 1 ? ofBoolean(v == 1) : Long.toString(v);
    }

    public static String ofInteger(long v) {
        return Long.toString(v);
    }

    /** An unsigned 64-bit integer held in a signed long (as binlog readers deliver BIGINT UNSIGNED). */
    public static String ofUnsignedInteger(long v) {
        return Long.toUnsignedString(v);
    }

    public static String ofInteger(BigInteger v) {
        return v.toString();
    }

    /**
     * Exact decimals: plain notation (never an exponent), trailing fractional zeros removed, so
     * {@code 1.50} and {@code 1.5} are the same value; zero is {@code 0}.
     */
    public static String ofDecimal(BigDecimal v) {
        if (v.signum() == 0) {
            return "0";
        }
        return v.stripTrailingZeros().toPlainString();
    }

    /**
     * Binary floating point: {@code NaN}, {@code Infinity}, {@code -Infinity}, {@code -0} for negative
     * zero, otherwise the shortest decimal that reads back to the same double, in plain notation when
     * the exponent is moderate and as {@code d.dddE[+-]n} beyond (BigDecimal's own rule).
     */
    public static String ofDouble(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "Infinity" : "-Infinity";
        }
        if (v == 0.0d) {
            return (Double.doubleToRawLongBits(v) < 0) ? "-0" : "0";
        }
        return new BigDecimal(Double.toString(v)).stripTrailingZeros().toString();
    }

    /** A 32-bit float widened through its shortest decimal, so FLOAT 0.1 reads as 0.1, not 0.10000000149. */
    public static String ofFloat(float v) {
        if (Float.isNaN(v) || Float.isInfinite(v) || v == 0.0f) {
            return ofDouble(v);
        }
        return new BigDecimal(Float.toString(v)).stripTrailingZeros().toString();
    }

    /** {@code yyyy-MM-dd}; years beyond 9999 take a sign, as ISO-8601 does. */
    public static String ofDate(LocalDate d) {
        return d.toString();
    }

    public static String ofEpochDay(long epochDay) {
        return ofDate(LocalDate.ofEpochDay(epochDay));
    }

    /**
     * A time of day or a MySQL TIME span: {@code [-]H+:mm:ss[.f]}, hours at least two digits and
     * unbounded (MySQL allows -838:59:59 to 838:59:59), fraction without trailing zeros.
     */
    public static String ofTimeMicros(long micros) {
        StringBuilder sb = new StringBuilder();
        long abs = micros;
        if (micros < 0) {
            sb.append('-');
            abs = -micros;
        }
        long totalSeconds = abs / MICROS_PER_SECOND;
        long fraction = abs % MICROS_PER_SECOND;
        long hours = totalSeconds / 3600;
        long minutes = (totalSeconds / 60) % 60;
        long seconds = totalSeconds % 60;
        if (hours < 10) {
            sb.append('0');
        }
        sb.append(hours).append(':');
        two(sb, minutes).append(':');
        two(sb, seconds);
        appendFraction(sb, fraction);
        return sb.toString();
    }

    /**
     * A TIME as MySQL prints it ({@code -838:59:59.000000}) or PostgreSQL prints an interval made of
     * hours, minutes and seconds ({@code 838:59:59}), in canonical form.
     */
    public static String ofTimeText(String text) {
        String t = text.trim();
        boolean negative = t.startsWith("-");
        String[] hms = (negative ? t.substring(1) : t).split(":");
        if (hms.length != 3) {
            throw new IllegalArgumentException("not a time of the form [-]H:MM:SS[.f]: '" + text + "'");
        }
        try {
            String[] secFrac = hms[2].split("\\.", 2);
            long micros = ((Long.parseLong(hms[0]) * 60 + Long.parseLong(hms[1])) * 60 + Long.parseLong(secFrac[0])) * MICROS_PER_SECOND;
            if (secFrac.length == 2) {
                String f = (secFrac[1] + "000000").substring(0, 6);
                micros += Long.parseLong(f);
            }
            return ofTimeMicros(negative ? -micros : micros);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a time of the form [-]H:MM:SS[.f]: '" + text + "'", e);
        }
    }

    public static String ofTime(LocalTime t) {
        return ofTimeMicros(t.toNanoOfDay() / 1000);
    }

    /** A zone-less date-time: {@code yyyy-MM-dd HH:mm:ss[.f]}, microseconds at most, no trailing zeros. */
    public static String ofDateTime(LocalDateTime t) {
        StringBuilder sb = new StringBuilder(26);
        sb.append(t.toLocalDate()).append(' ');
        two(sb, t.getHour()).append(':');
        two(sb, t.getMinute()).append(':');
        two(sb, t.getSecond());
        appendFraction(sb, t.getNano() / 1000);
        return sb.toString();
    }

    /**
     * A MySQL/MariaDB DATETIME or TIMESTAMP as the server prints it ({@code yyyy-MM-dd HH:mm:ss[.ffffff]}), in canonical
     * form without parsing it into a date: for every valid value the same text as {@link #ofDateTime} of the parsed
     * value (the fraction loses its trailing zeros). Zero and invalid dates are the caller's to catch first
     * ({@link ZeroDates#isZeroOrInvalid}).
     */
    public static String ofDateTimeText(String text) {
        int n = text.length();
        if (n < 19 || text.charAt(10) != ' ' || text.charAt(13) != ':' || text.charAt(16) != ':' || (n > 19 && text.charAt(19) != '.')) {
            throw new IllegalArgumentException("not a date-time of the form yyyy-MM-dd HH:mm:ss[.f]: '" + text + "'");
        }
        int end = n;
        while (end > 20 && text.charAt(end - 1) == '0') {
            end--;
        }
        return end <= 20 ? text.substring(0, 19) : text.substring(0, end);
    }

    /** A zone-less date-time given as microseconds since 1970-01-01 00:00 (read as if it were UTC). */
    public static String ofDateTimeMicros(long epochMicros) {
        long days = Math.floorDiv(epochMicros, MICROS_PER_DAY);
        long microOfDay = Math.floorMod(epochMicros, MICROS_PER_DAY);
        return ofDateTime(LocalDateTime.of(LocalDate.ofEpochDay(days), LocalTime.ofNanoOfDay(microOfDay * 1000)));
    }

    /** An instant, always in UTC: {@code yyyy-MM-dd HH:mm:ss[.f]Z}. */
    public static String ofInstant(Instant i) {
        return ofDateTime(LocalDateTime.ofInstant(i, ZoneOffset.UTC)) + "Z";
    }

    /**
     * A bit string as its value in binary digits without leading zeros ({@code "0"} for no bit set), so it reads
     * the same whatever the column's width: MySQL {@code b'00101'}, PostgreSQL {@code B'00101'} both give {@code 101}.
     *
     * @param bigEndian the bits as MySQL's JDBC driver returns them, most significant byte first
     */
    public static String ofBits(byte[] bigEndian) {
        return new BigInteger(1, bigEndian).toString(2);
    }

    /** A bit string given as its digits ({@code 00101}) in canonical form. */
    public static String ofBitText(String digits) {
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c == '0' || c == '1')) {
            throw new IllegalArgumentException("not a bit string: '" + digits + "'");
        }
        return new BigInteger(digits, 2).toString(2);
    }

    /** Binary values as standard base64 with padding. */
    public static String ofBytes(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    /**
     * JSON normalised: no insignificant white space, object keys sorted, numbers exact (big numbers
     * and decimals are kept digit for digit), duplicate keys resolved to the last as MySQL and
     * PostgreSQL's jsonb both do.
     */
    public static String ofJson(String json) {
        String fast = CanonicalJson.of(json);
        if (fast != null) {
            return fast;
        }
        try {
            JsonNode node = JSON.readTree(json);
            if (node == null || node.isMissingNode()) {
                throw new IllegalArgumentException("not a JSON document: empty");
            }
            java.io.StringWriter out = new java.io.StringWriter(json.length());
            try (JsonGenerator g = JSON.createGenerator(out)) {
                writeSorted(g, node);
            }
            return out.toString();
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IllegalArgumentException("not a JSON document: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Writes a document's tree with every object's keys in their natural (UTF-16) order, numbers as parsed (integers
     * exactly, decimals in plain notation with their scale): what serialising it as maps sorted by key wrote, in one pass.
     */
    private static void writeSorted(JsonGenerator g, JsonNode node) throws java.io.IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                List<String> keys = new ArrayList<>(node.size());
                node.fieldNames().forEachRemaining(keys::add);
                keys.sort(null);
                g.writeStartObject();
                for (String k : keys) {
                    g.writeFieldName(k);
                    writeSorted(g, node.get(k));
                }
                g.writeEndObject();
            }
            case ARRAY -> {
                g.writeStartArray();
                for (JsonNode e : node) {
                    writeSorted(g, e);
                }
                g.writeEndArray();
            }
            case NUMBER -> {
                if (node.isIntegralNumber()) {
                    g.writeNumber(node.bigIntegerValue());
                } else {
                    g.writeNumber(node.decimalValue());
                }
            }
            case STRING -> g.writeString(node.textValue());
            case BOOLEAN -> g.writeBoolean(node.booleanValue());
            case NULL -> g.writeNull();
            default -> throw new IllegalArgumentException("not a JSON document: a " + node.getNodeType() + " value");
        }
    }


    /** Enum values are their label, as is. */
    public static String ofEnum(String label) {
        return label;
    }

    /** Set values: their labels sorted (by code point) and joined with commas, MySQL's separator. */
    public static String ofSet(Collection<String> labels) {
        List<String> sorted = new ArrayList<>(labels);
        sorted.removeIf(String::isEmpty);
        sorted.sort(null);
        return String.join(",", sorted);
    }

    /** A MySQL SET value as its comma-separated text, in any order. */
    public static String ofSetText(String commaSeparated) {
        return commaSeparated.isEmpty() ? "" : ofSet(List.of(commaSeparated.split(",")));
    }

    private static StringBuilder two(StringBuilder sb, long v) {
        if (v < 10) {
            sb.append('0');
        }
        return sb.append(v);
    }

    private static void appendFraction(StringBuilder sb, long micros) {
        if (micros == 0) {
            return;
        }
        String digits = Long.toString(1_000_000L + micros).substring(1);
        int end = digits.length();
        while (digits.charAt(end - 1) == '0') {
            end--;
        }
        sb.append('.').append(digits, 0, end);
    }
}
