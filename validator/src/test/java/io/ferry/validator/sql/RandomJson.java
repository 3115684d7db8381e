package io.ferry.validator.sql;

import java.util.List;
import java.util.Random;

/** Random JSON documents for tests of the validator's JSON rendering: keys that collide in length and bytes, duplicate keys, non-ASCII text, escapes, numbers in every form, white space. */
public final class RandomJson {

    private RandomJson() {
    }

    private static final List<String> KEYS = List.of("a", "b", "aa", "ab", "ba", "\u00e9", "z", "zz", "key", "kez", "\u4e2d", "\ud83d\ude00", "");
    private static final List<String> STRINGS = List.of("", "x", "red", "\u00e9t\u00e9", "a b", "\\n", "\\u00e9", "\\\"q\\\"", "\u4e2d\u6587", "/", "\\/");
    private static final List<String> NUMBERS = List.of("0", "1", "-1", "1.5", "1.50", "0.000", "-5.5", "123456789012345678901234567890", "1e2",
            "-0.0", "2E-3", "0.1", "10", "-10.25");

    /** A random document: nested objects and arrays, duplicate keys, escapes, exponents, white space. */
    public static String document(Random r) {
        return document(r, 0);
    }

    private static String document(Random r, int depth) {
        int kind = depth > 3 ? 2 + r.nextInt(4) : r.nextInt(6);
        return switch (kind) {
            case 0 -> {
                StringBuilder sb = new StringBuilder("{");
                int n = r.nextInt(6);
                for (int i = 0; i < n; i++) {
                    sb.append(i > 0 ? "," + space(r) : "").append('"').append(KEYS.get(r.nextInt(KEYS.size()))).append('"').append(space(r))
                            .append(':').append(space(r)).append(document(r, depth + 1));
                }
                yield sb.append(space(r)).append('}').toString();
            }
            case 1 -> {
                StringBuilder sb = new StringBuilder("[");
                int n = r.nextInt(5);
                for (int i = 0; i < n; i++) {
                    sb.append(i > 0 ? space(r) + "," + space(r) : space(r)).append(document(r, depth + 1));
                }
                yield sb.append(space(r)).append(']').toString();
            }
            case 2 -> '"' + STRINGS.get(r.nextInt(STRINGS.size())) + '"';
            case 3 -> NUMBERS.get(r.nextInt(NUMBERS.size()));
            case 4 -> List.of("true", "false", "null").get(r.nextInt(3));
            default -> space(r) + document(r, depth + 4) + space(r);
        };
    }

    private static String space(Random r) {
        return List.of("", "", "", " ", "  ", "\n", "\t ", "\r\n").get(r.nextInt(8));
    }
}
