package io.ferry.validator.sql;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
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
            return render(p, json.length());
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    /** As {@link #of(String)}, from and to UTF-8 bytes (a JSON column as the MySQL driver gives it, and as it is hashed). */
    public static byte[] utf8(byte[] json) {
        try (JsonParser p = FACTORY.createParser(json)) {
            String text = render(p, json.length);
            return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    private static String render(JsonParser p, int length) throws IOException {
        JsonToken t = p.nextToken();
        if (t == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(length + 16);
        value(p, t, out);
        return p.nextToken() == null ? out.toString() : null;
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
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> number(p.getText(), out);
            case VALUE_TRUE -> out.append("true");
            case VALUE_FALSE -> out.append("false");
            case VALUE_NULL -> out.append("null");
            default -> throw new IOException("unexpected " + t);
        }
    }

    /**
     * A JSON number as {@code numeric} prints it: exact, without exponent, no negative zero. A plain text (no exponent,
     * not starting with {@code -0}) already is that form.
     */
    private static void number(String text, StringBuilder out) {
        boolean plain = !(text.startsWith("-0"));
        for (int i = 0; plain && i < text.length(); i++) {
            char c = text.charAt(i);
            plain = c != 'e' && c != 'E';
        }
        out.append(plain ? text : new BigDecimal(text).toPlainString());
    }

    /** An object member: its key (and the key's UTF-8 bytes, by which jsonb orders members) and its rendered value. */
    private record Member(String key, byte[] bytes, String value) {
    }

    private static final java.util.Comparator<Member> JSONB_ORDER = (a, b) -> a.bytes.length != b.bytes.length
            ? Integer.compare(a.bytes.length, b.bytes.length) : Arrays.compareUnsigned(a.bytes, b.bytes);

    private static void object(JsonParser p, StringBuilder out) throws IOException {
        List<Member> members = new ArrayList<>();
        Map<String, Integer> index = null; // for large objects: where each key is in members
        StringBuilder v = new StringBuilder();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String key = p.currentName();
            v.setLength(0);
            value(p, p.nextToken(), v);
            Member m = new Member(key, key.getBytes(StandardCharsets.UTF_8), v.toString());
            // The last of duplicate keys wins, as in jsonb.
            int at = -1;
            if (index != null) {
                at = index.getOrDefault(key, -1);
            } else {
                for (int i = 0; i < members.size() && at < 0; i++) {
                    if (members.get(i).key.equals(key)) {
                        at = i;
                    }
                }
            }
            if (at >= 0) {
                members.set(at, m);
            } else {
                if (index != null) {
                    index.put(key, members.size());
                }
                members.add(m);
                if (index == null && members.size() > 16) {
                    index = new java.util.HashMap<>();
                    for (int i = 0; i < members.size(); i++) {
                        index.put(members.get(i).key, i);
                    }
                }
            }
        }
        members.sort(JSONB_ORDER);
        out.append('{');
        boolean first = true;
        for (Member m : members) {
            if (!first) {
                out.append(", ");
            }
            first = false;
            string(m.key, out);
            out.append(": ").append(m.value);
        }
        out.append('}');
    }

    /** As PostgreSQL's escape_json: the usual short escapes, other control characters as lower-case \\u00xx. */
    private static void string(String s, StringBuilder out) {
        out.append('"');
        io.ferry.core.value.JsonEscapes.append(out, s, false);
        out.append('"');
    }
}
