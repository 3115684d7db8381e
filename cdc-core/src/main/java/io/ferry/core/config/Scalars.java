package io.ferry.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigInteger;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Converts a scalar's text to the typed node Jackson binds, by the target type rather than by YAML's guess:
 * integers must be whole and in range ({@code 2.5} and {@code 1e3} are not ports), booleans are {@code true}
 * or {@code false} (not YAML 1.1's {@code yes} and {@code on}), enums match their name in any case.
 */
final class Scalars {

    /** The values an integer type holds. */
    record IntegerRange(long min, long max) {
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern INTEGER = Pattern.compile("[-+]?[0-9]+");

    private Scalars() {
    }

    /** The typed node, or null when the text is not a value of {@code type}. */
    static JsonNode convert(String text, Class<?> type) {
        if (type == String.class || type == Secret.class) {
            return NODES.textNode(text);
        }
        if (type.isEnum()) {
            for (Object constant : type.getEnumConstants()) {
                if (((Enum<?>) constant).name().equalsIgnoreCase(text.trim())) {
                    return NODES.textNode(((Enum<?>) constant).name());
                }
            }
            return null;
        }
        if (type == boolean.class || type == Boolean.class) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            return t.equals("true") ? NODES.booleanNode(true) : t.equals("false") ? NODES.booleanNode(false) : null;
        }
        IntegerRange range = rangeOf(type);
        if (range == null) {
            throw ConfigTypes.unsupported(type);
        }
        Long value = integer(text, range);
        if (value == null) {
            return null;
        }
        if (type == short.class || type == Short.class) {
            return NODES.numberNode(value.shortValue());
        }
        return type == int.class || type == Integer.class ? NODES.numberNode(value.intValue()) : NODES.numberNode(value);
    }

    /** How a message names what was expected, given the text that did not fit. */
    static String expectation(String text, Class<?> type) {
        IntegerRange range = rangeOf(type);
        if (range != null && INTEGER.matcher(text.trim()).matches()) {
            return "an integer from " + range.min() + " to " + range.max();
        }
        return ConfigTypes.expectation(type);
    }

    static IntegerRange rangeOf(Class<?> type) {
        if (type == int.class || type == Integer.class) {
            return new IntegerRange(Integer.MIN_VALUE, Integer.MAX_VALUE);
        }
        if (type == long.class || type == Long.class) {
            return new IntegerRange(Long.MIN_VALUE, Long.MAX_VALUE);
        }
        if (type == short.class || type == Short.class) {
            return new IntegerRange(Short.MIN_VALUE, Short.MAX_VALUE);
        }
        return null;
    }

    static String yamlName(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    private static Long integer(String text, IntegerRange range) {
        String t = text.trim();
        if (!INTEGER.matcher(t).matches()) {
            return null;
        }
        BigInteger value = new BigInteger(t);
        boolean inRange = value.compareTo(BigInteger.valueOf(range.min())) >= 0
                && value.compareTo(BigInteger.valueOf(range.max())) <= 0;
        return inRange ? value.longValue() : null;
    }
}
