package io.ferry.core.value;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Canonical JSON ({@link CanonicalValues#ofJson}) written in one pass over the text, without a tree: every object's
 * members in their keys' natural (UTF-16) order, the last of duplicate keys kept, no insignificant white space,
 * integers as written ({@code -0} as {@code 0}), other numbers in plain notation with their scale, strings with the
 * escapes Jackson writes. It gives exactly what the Jackson path gives ({@code CanonicalJsonTest} checks it on random
 * and awkward documents) at a fraction of its cost on the small documents rows hold. A document outside what it
 * handles (not valid JSON, deeper than {@link #MAX_DEPTH}, a number longer than {@link #MAX_NUMBER} characters or
 * with an extreme exponent) gives null, and the caller takes the Jackson path, which also says what is wrong.
 */
final class CanonicalJson {

    /** Nesting deeper than this goes the Jackson path (whose own limit is higher). */
    static final int MAX_DEPTH = 100;
    /** Numbers longer than this go the Jackson path (whose own limit is 1,000 characters). */
    static final int MAX_NUMBER = 100;

    /** Thrown, without a stack, where the document leaves the fast path. */
    private static final RuntimeException LEAVE = new RuntimeException("outside the fast path", null, false, false) {
    };

    private final String s;
    private int i;
    private int depth;

    private CanonicalJson(String s) {
        this.s = s;
    }

    /** The canonical text of a JSON document, or null where the Jackson path must take it. */
    static String of(String json) {
        CanonicalJson p = new CanonicalJson(json);
        StringBuilder out = new StringBuilder(json.length());
        try {
            p.space();
            p.value(out);
            p.space();
            return p.i == json.length() ? out.toString() : null;
        } catch (RuntimeException leave) {
            // LEAVE, or an index past the end of a cut-off document: the Jackson path reports it
            return null;
        }
    }

    private void space() {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            i++;
        }
    }

    private void value(StringBuilder out) {
        char c = s.charAt(i);
        switch (c) {
            case '{' -> object(out);
            case '[' -> array(out);
            case '"' -> string(out);
            case 't' -> literal(out, "true");
            case 'f' -> literal(out, "false");
            case 'n' -> literal(out, "null");
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    number(out);
                } else {
                    throw LEAVE;
                }
            }
        }
    }

    private void literal(StringBuilder out, String word) {
        if (!s.startsWith(word, i)) {
            throw LEAVE;
        }
        i += word.length();
        out.append(word);
    }

    private void array(StringBuilder out) {
        if (++depth > MAX_DEPTH) {
            throw LEAVE;
        }
        i++;
        out.append('[');
        space();
        if (s.charAt(i) == ']') {
            i++;
        } else {
            while (true) {
                space();
                value(out);
                space();
                char c = s.charAt(i++);
                if (c == ']') {
                    break;
                }
                if (c != ',') {
                    throw LEAVE;
                }
                out.append(',');
            }
        }
        out.append(']');
        depth--;
    }

    /** A member as written into {@code out}: its key, and where its {@code "key":value} text starts and ends. */
    private record Member(String key, int start, int end) {
    }

    private void object(StringBuilder out) {
        if (++depth > MAX_DEPTH) {
            throw LEAVE;
        }
        i++;
        space();
        if (s.charAt(i) == '}') {
            i++;
            out.append("{}");
            depth--;
            return;
        }
        int open = out.length();
        out.append('{');
        List<Member> members = new ArrayList<>(8);
        boolean ordered = true;
        while (true) {
            space();
            if (s.charAt(i) != '"') {
                throw LEAVE;
            }
            int start = out.length();
            String key = string(out);
            space();
            if (s.charAt(i++) != ':') {
                throw LEAVE;
            }
            out.append(':');
            space();
            value(out);
            if (!members.isEmpty() && members.get(members.size() - 1).key().compareTo(key) >= 0) {
                ordered = false;
            }
            members.add(new Member(key, start, out.length()));
            space();
            char c = s.charAt(i++);
            if (c == '}') {
                break;
            }
            if (c != ',') {
                throw LEAVE;
            }
            out.append(',');
        }
        if (!ordered) {
            reorder(out, open, members);
        }
        out.append('}');
        depth--;
    }

    /** Rewrites an object's members from {@code open} on in their keys' order, the last of equal keys kept. */
    private static void reorder(StringBuilder out, int open, List<Member> members) {
        String written = out.substring(open);
        List<Member> sorted = new ArrayList<>(members);
        sorted.sort((a, b) -> a.key().compareTo(b.key())); // stable: equal keys stay in the order written
        out.setLength(open);
        out.append('{');
        boolean first = true;
        for (int m = 0; m < sorted.size(); m++) {
            Member member = sorted.get(m);
            if (m + 1 < sorted.size() && sorted.get(m + 1).key().equals(member.key())) {
                continue; // a later member of the same key replaces it
            }
            if (!first) {
                out.append(',');
            }
            first = false;
            out.append(written, member.start() - open, member.end() - open);
        }
    }

    /** Reads a string at {@code i}, writes it as Jackson escapes it, and returns its value. */
    private String string(StringBuilder out) {
        int start = ++i;
        while (true) {
            char c = s.charAt(i);
            if (c == '"') {
                String plain = s.substring(start, i++);
                out.append('"').append(plain).append('"');
                return plain;
            }
            if (c == '\\') {
                break;
            }
            if (c < 0x20) {
                throw LEAVE; // a raw control character: not JSON
            }
            i++;
        }
        StringBuilder value = new StringBuilder(i - start + 16).append(s, start, i);
        while (true) {
            char c = s.charAt(i++);
            if (c == '"') {
                break;
            }
            if (c < 0x20) {
                throw LEAVE;
            }
            if (c != '\\') {
                value.append(c);
                continue;
            }
            char e = s.charAt(i++);
            switch (e) {
                case '"', '\\', '/' -> value.append(e);
                case 'b' -> value.append('\b');
                case 'f' -> value.append('\f');
                case 'n' -> value.append('\n');
                case 'r' -> value.append('\r');
                case 't' -> value.append('\t');
                case 'u' -> {
                    int code = 0;
                    for (int k = 0; k < 4; k++) {
                        int d = Character.digit(s.charAt(i++), 16);
                        if (d < 0) {
                            throw LEAVE;
                        }
                        code = code * 16 + d;
                    }
                    value.append((char) code);
                }
                default -> throw LEAVE;
            }
        }
        String decoded = value.toString();
        out.append('"');
        JsonEscapes.append(out, decoded, true);
        out.append('"');
        return decoded;
    }

    private void number(StringBuilder out) {
        int start = i;
        if (s.charAt(i) == '-') {
            i++;
        }
        if (s.charAt(i) == '0') {
            i++;
        } else if (s.charAt(i) >= '1' && s.charAt(i) <= '9') {
            digits();
        } else {
            throw LEAVE;
        }
        boolean integral = true;
        if (i < s.length() && s.charAt(i) == '.') {
            i++;
            integral = false;
            if (digits() == 0) {
                throw LEAVE;
            }
        }
        if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            integral = false;
            if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            if (digits() == 0) {
                throw LEAVE;
            }
        }
        if (i - start > MAX_NUMBER) {
            throw LEAVE;
        }
        if (integral) {
            if (i - start == 2 && s.charAt(start) == '-' && s.charAt(start + 1) == '0') {
                out.append('0');
            } else {
                out.append(s, start, i);
            }
            return;
        }
        BigDecimal d = new BigDecimal(s.substring(start, i));
        if (Math.abs((long) d.scale()) > 9999) {
            throw LEAVE; // Jackson refuses to write it plain; it says so
        }
        out.append(d.toPlainString());
    }

    /** Reads digits at {@code i}; how many. */
    private int digits() {
        int from = i;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        return i - from;
    }
}
