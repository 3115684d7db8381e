package io.ferry.validator.sql;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON text as PostgreSQL prints it after reading it into {@code jsonb} ({@code x::jsonb::text}): object keys
 * ordered by their length in bytes and then by their bytes, a duplicate key resolved to its last value, ", " and
 * ": " between items, numbers exact without exponent (as {@code numeric} prints them), strings with PostgreSQL's
 * escapes. The validator renders a MySQL/MariaDB JSON column with it, so that both sides hash the same text for
 * the same document without a database function that MySQL lacks.
 *
 * <p>The rendering keeps every value exactly ({@link io.ferry.core.value.CanonicalValues#ofJson} of it equals that of
 * the input), so a text equal to the target's says the values are equal; a text that is not is only a reason to
 * compare the rows in full, never a reported difference by itself.
 */
public final class JsonbText {

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private JsonbText() {
    }

    /** The jsonb text of a JSON document, or null when it is not one (the row then differs from any target row). */
    public static String of(String json) {
        try (JsonParser p = FACTORY.createParser(json)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                return null;
            }
            StringBuilder out = new StringBuilder(json.length() + 16);
            value(p, t, out);
            return p.nextToken() == null ? out.toString() : null;
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    private static void value(JsonParser p, JsonToken t, StringBuilder out) throws IOException {
        switch (t) {
            case START_OBJECT -> object(p, out);
            case START_ARRAY -> {
                out.append('[');
                boolean first = true;
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    if (!first) {
                        out.append(", ");
                    }
                    first = false;
                    value(p, e, out);
                }
                out.append(']');
            }
            case VALUE_STRING -> string(p.getText(), out);
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> out.append(new BigDecimal(p.getText()).toPlainString());
            case VALUE_TRUE -> out.append("true");
            case VALUE_FALSE -> out.append("false");
            case VALUE_NULL -> out.append("null");
            default -> throw new IOException("unexpected " + t);
        }
    }

    private static void object(JsonParser p, StringBuilder out) throws IOException {
        Map<String, String> members = new LinkedHashMap<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String key = p.currentName();
            StringBuilder v = new StringBuilder();
            value(p, p.nextToken(), v);
            members.remove(key); // the last of duplicate keys wins, as in jsonb
            members.put(key, v.toString());
        }
        List<byte[]> keys = new ArrayList<>(members.size());
        members.keySet().forEach(k -> keys.add(k.getBytes(StandardCharsets.UTF_8)));
        keys.sort((a, b) -> a.length != b.length ? Integer.compare(a.length, b.length) : Arrays.compareUnsigned(a, b));
        out.append('{');
        boolean first = true;
        for (byte[] k : keys) {
            if (!first) {
                out.append(", ");
            }
            first = false;
            String key = new String(k, StandardCharsets.UTF_8);
            string(key, out);
            out.append(": ").append(members.get(key));
        }
        out.append('}');
    }

    /** As PostgreSQL's escape_json: the usual short escapes, other control characters as lower-case \\u00xx. */
    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < ' ') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
