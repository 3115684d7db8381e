package io.ferry.core.value;

/**
 * A JSON string's characters as JSON writers escape them: quote and backslash, the short escapes of backspace, form
 * feed, line feed, carriage return and tab, other control characters as {@code \}{@code u00XX}; everything else as is.
 * Jackson writes the hex digits in upper case, PostgreSQL's {@code jsonb} output in lower case.
 */
public final class JsonEscapes {

    private static final char[] UPPER = "0123456789ABCDEF".toCharArray();
    private static final char[] LOWER = "0123456789abcdef".toCharArray();

    private JsonEscapes() {
    }

    /** Appends {@code s} escaped, without quotes; control characters' hex digits in upper case (Jackson) or lower case (jsonb). */
    public static void append(StringBuilder out, String s, boolean upperCaseHex) {
        char[] hex = upperCaseHex ? UPPER : LOWER;
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(hex[c >> 4]).append(hex[c & 0xf]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }
}
