package io.ferry.core.config;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The Java types a config record may use: nested records, {@code List<E>}, {@code Map<String, V>}, enums,
 * String, {@link Secret}, boolean, int, long and short. Anything else is a programming error in the record.
 */
final class ConfigTypes {

    private ConfigTypes() {
    }

    static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        throw unsupported(type);
    }

    static Type argument(Type type, int index) {
        if (type instanceof ParameterizedType p) {
            return p.getActualTypeArguments()[index];
        }
        throw new IllegalArgumentException("config records must name the element type of " + type);
    }

    /** How a message names what a key of this type takes, before seeing a value. */
    static String expectation(Type type) {
        Class<?> raw = raw(type);
        if (raw.isRecord() || raw == Map.class) {
            return "a mapping";
        }
        if (raw == List.class) {
            return "a list";
        }
        if (raw.isEnum()) {
            return "one of " + Arrays.stream(raw.getEnumConstants())
                    .map(c -> Scalars.yamlName((Enum<?>) c))
                    .collect(Collectors.joining(", "));
        }
        if (raw == String.class || raw == Secret.class) {
            return "a string";
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return "true or false";
        }
        if (Scalars.rangeOf(raw) != null) {
            return "an integer";
        }
        throw unsupported(type);
    }

    /** What the canonical constructor receives for a key the file leaves out. */
    static Object absent(Class<?> type) {
        if (!type.isPrimitive()) {
            return null;
        }
        if (type == boolean.class) {
            return false;
        }
        if (type == int.class) {
            return 0;
        }
        if (type == long.class) {
            return 0L;
        }
        if (type == short.class) {
            return (short) 0;
        }
        throw unsupported(type);
    }

    static IllegalArgumentException unsupported(Type type) {
        return new IllegalArgumentException("config records cannot use the type " + type.getTypeName()
                + "; use a record, List, Map<String, ?>, an enum, String, Secret, boolean, int, long or short");
    }
}
