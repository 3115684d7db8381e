package io.ferry.capture.bulk;

import java.util.Base64;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a canonical value into a field of PostgreSQL's {@code COPY ... (FORMAT text)}. COPY reads each field with
 * the column type's input function, which is what the applier's {@code CAST(? AS type)} of the same canonical text
 * does, so both paths store the same value. The exceptions follow the applier's binding rules
 * ({@code io.ferry.apply.jdbc.PostgresDialect#bind}) one for one: bytea from base64, arrays (SET) from comma-joined
 * labels, fixed-width bit strings padded with leading zeros.
 */
public final class CopyText {

    private static final Pattern FIXED_BITS = Pattern.compile("bit\\((\\d+)\\)");
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** How one target column's canonical values become COPY text. */
    public enum Kind { PLAIN, BYTEA, ARRAY, FIXED_BITS }

    /** A target column's encoding. */
    public record Encoder(Kind kind, int bits) {

        /** Appends the field for a canonical value (null: SQL NULL) to a COPY line. */
        public void append(StringBuilder line, String canonical) {
            if (canonical == null) {
                line.append("\\N");
                return;
            }
            switch (kind) {
                case BYTEA -> {
                    line.append("\\\\x");
                    for (byte b : Base64.getDecoder().decode(canonical)) {
                        line.append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
                    }
                }
                case ARRAY -> escape(line, arrayLiteral(canonical));
                case FIXED_BITS -> {
                    for (int i = canonical.length(); i < bits; i++) {
                        line.append('0');
                    }
                    line.append(canonical);
                }
                default -> escape(line, canonical);
            }
        }
    }

    private CopyText() {
    }

    /** The encoding for a target column of this type, as {@code format_type} spells it. */
    public static Encoder encoder(String pgType) {
        String type = pgType.toLowerCase(Locale.ROOT);
        if (type.equals("bytea")) {
            return new Encoder(Kind.BYTEA, 0);
        }
        if (type.endsWith("[]")) {
            return new Encoder(Kind.ARRAY, 0);
        }
        Matcher bits = FIXED_BITS.matcher(type);
        if (bits.matches()) {
            return new Encoder(Kind.FIXED_BITS, Integer.parseInt(bits.group(1)));
        }
        return new Encoder(Kind.PLAIN, 0);
    }

    /** A SET's canonical labels (comma-joined) as an array literal, each element quoted. */
    static String arrayLiteral(String commaJoined) {
        if (commaJoined.isEmpty()) {
            return "{}";
        }
        StringBuilder sb = new StringBuilder("{");
        String[] labels = commaJoined.split(",", -1);
        for (int i = 0; i < labels.length; i++) {
            sb.append(i == 0 ? "" : ",").append('"');
            for (char c : labels[i].toCharArray()) {
                if (c == '"' || c == '\\') {
                    sb.append('\\');
                }
                sb.append(c);
            }
            sb.append('"');
        }
        return sb.append('}').toString();
    }

    /**
     * COPY text escaping: backslash, and the delimiter (tab) and line ends inside a value. Most values hold none of them
     * and are appended whole; from the first that does, character by character.
     */
    static void escape(StringBuilder line, String v) {
        int first = 0;
        while (first < v.length()) {
            char c = v.charAt(first);
            if (c == '\\' || c == '\t' || c == '\n' || c == '\r') {
                break;
            }
            first++;
        }
        if (first == v.length()) {
            line.append(v); // copies the string's bytes at once
            return;
        }
        line.append(v, 0, first);
        for (int i = first; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '\\' -> line.append("\\\\");
                case '\t' -> line.append("\\t");
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                default -> line.append(c);
            }
        }
    }
}
