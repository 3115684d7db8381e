package io.ferry.validator.sql;

import java.util.Arrays;

/**
 * The fast path of {@link JsonbText}: renders a JSON document from its UTF-8 bytes straight into a reusable byte buffer,
 * as PostgreSQL prints it as {@code jsonb}, without a parser's strings and objects. It takes the documents whose parts
 * it can copy as written: strings without escapes or control characters, numbers without exponent that do not start
 * with {@code -0}. For any other document (or one that is not JSON) it answers false, and the caller renders the
 * document with {@link JsonbText}, so the text is always the one {@link JsonbText} gives ({@code JsonbBytesTest}).
 *
 * <p>Not thread-safe: one per reading thread.
 */
public final class JsonbBytes {

    private static final byte[] COMMA = {',', ' '};
    private static final byte[] COLON = {':', ' '};

    private byte[] out = new byte[256];
    private int len;
    /** Member bounds of the objects being rendered: key start, key end, member end, per member. */
    private int[] members = new int[3 * 64];
    private int memberCount;
    private byte[] scratch = new byte[256];
    private int[] order = new int[16];

    private byte[] in;
    private int pos;
    private int end;

    /** The rendered text: the first {@link #length} bytes. */
    public byte[] buffer() {
        return out;
    }

    public int length() {
        return len;
    }

    /**
     * Renders {@code json} (bytes {@code from} to {@code to}) at the end of what the buffer holds after {@link #reset}.
     *
     * @return whether it was rendered; if not, the buffer holds what it held before
     */
    public boolean append(byte[] json, int from, int to) {
        int mark = len;
        in = json;
        pos = from;
        end = to;
        memberCount = 0;
        boolean ok = skipSpace() && value() && !skipSpaceLeft();
        in = null;
        if (!ok) {
            len = mark;
        }
        return ok;
    }

    /** Empties the buffer. */
    public void reset() {
        len = 0;
    }

    /** Appends raw bytes. */
    public void raw(byte[] b, int from, int n) {
        ensure(n);
        System.arraycopy(b, from, out, len, n);
        len += n;
    }

    /** Appends ASCII text. */
    public void ascii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            out[len++] = (byte) s.charAt(i);
        }
    }

    private boolean skipSpace() {
        while (pos < end) {
            byte b = in[pos];
            // Every byte above the space (and every byte of a multi-byte character, negative here) is no white space.
            if (b > ' ' || b < 0 || (b != ' ' && b != '\t' && b != '\n' && b != '\r')) {
                return true;
            }
            pos++;
        }
        return true;
    }

    /** Skips trailing white space; whether anything but white space is left. */
    private boolean skipSpaceLeft() {
        skipSpace();
        return pos < end;
    }

    private boolean value() {
        if (pos >= end) {
            return false;
        }
        byte b = in[pos];
        return switch (b) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string();
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> number();
        };
    }

    private boolean literal(String word) {
        int n = word.length();
        if (end - pos < n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (in[pos + i] != word.charAt(i)) {
                return false;
            }
        }
        raw(in, pos, n);
        pos += n;
        return true;
    }

    /** A number without exponent, not starting with -0 (those PostgreSQL prints otherwise: left to the slow path). */
    private boolean number() {
        int start = pos;
        if (pos < end && in[pos] == '-') {
            pos++;
        }
        if (pos >= end || in[pos] < '0' || in[pos] > '9') {
            return false;
        }
        if (in[pos] == '0') {
            if (pos > start) {
                return false; // -0...
            }
            pos++;
        } else {
            while (pos < end && in[pos] >= '0' && in[pos] <= '9') {
                pos++;
            }
        }
        if (pos < end && in[pos] == '.') {
            pos++;
            int digits = pos;
            while (pos < end && in[pos] >= '0' && in[pos] <= '9') {
                pos++;
            }
            if (pos == digits) {
                return false;
            }
        }
        if (pos < end && (in[pos] == 'e' || in[pos] == 'E')) {
            return false;
        }
        raw(in, start, pos - start);
        return true;
    }

    /** A string without escapes or control characters, copied as written (UTF-8 as it is). */
    private boolean string() {
        int start = pos;
        pos++;
        while (pos < end) {
            byte b = in[pos];
            if (b == '"') {
                pos++;
                raw(in, start, pos - start);
                return true;
            }
            if (b == '\\' || (b >= 0 && b < 0x20)) {
                return false;
            }
            pos++;
        }
        return false;
    }

    private boolean array() {
        pos++;
        ensure(1);
        out[len++] = '[';
        skipSpace();
        if (pos < end && in[pos] == ']') {
            pos++;
            ensure(1);
            out[len++] = ']';
            return true;
        }
        while (true) {
            if (!value()) {
                return false;
            }
            skipSpace();
            if (pos >= end) {
                return false;
            }
            byte b = in[pos++];
            if (b == ']') {
                ensure(1);
                out[len++] = ']';
                return true;
            }
            if (b != ',') {
                return false;
            }
            raw(COMMA, 0, 2);
            skipSpace();
        }
    }

    /**
     * An object: its members rendered one after the other, then put in jsonb's order (key length, then key bytes; the
     * last of equal keys kept) in place.
     */
    private boolean object() {
        pos++;
        int start = len;
        int firstMember = memberCount;
        skipSpace();
        if (pos < end && in[pos] == '}') {
            pos++;
            ascii("{}");
            return true;
        }
        while (true) {
            if (pos >= end || in[pos] != '"') {
                return false;
            }
            int keyStart = len;
            if (!string()) {
                return false;
            }
            int keyEnd = len;
            skipSpace();
            if (pos >= end || in[pos] != ':') {
                return false;
            }
            pos++;
            raw(COLON, 0, 2);
            skipSpace();
            if (!value()) {
                return false;
            }
            addMember(keyStart, keyEnd, len);
            skipSpace();
            if (pos >= end) {
                return false;
            }
            byte b = in[pos++];
            if (b == '}') {
                break;
            }
            if (b != ',') {
                return false;
            }
            skipSpace();
        }
        int n = memberCount - firstMember;
        if (n > 64) {
            return false; // a large object: the slow path sorts it in n log n
        }
        // Sort the members, then write them back in order from a copy.
        int size = len - start;
        if (scratch.length < size) {
            scratch = new byte[Math.max(size, 2 * scratch.length)];
        }
        System.arraycopy(out, start, scratch, 0, size);
        if (order.length < n) {
            order = new int[Math.max(n, 2 * order.length)];
        }
        final int base = start;
        // Insertion sort, stable: equal keys stay in document order (objects are small; a large one costs n^2 / 4).
        for (int i = 0; i < n; i++) {
            int m = firstMember + i;
            int j = i;
            while (j > 0 && compareKeys(base, order[j - 1], m) > 0) {
                order[j] = order[j - 1];
                j--;
            }
            order[j] = m;
        }
        len = start;
        ensure(size + 2);
        out[len++] = '{';
        boolean first = true;
        for (int i = 0; i < n; i++) {
            int m = order[i];
            if (i + 1 < n && compareKeys(base, m, order[i + 1]) == 0) {
                continue; // a later duplicate follows: it wins
            }
            if (!first) {
                out[len++] = ',';
                out[len++] = ' ';
            }
            first = false;
            int from = members[3 * m] - base;
            int to = members[3 * m + 2] - base;
            System.arraycopy(scratch, from, out, len, to - from);
            len += to - from;
        }
        out[len++] = '}';
        memberCount = firstMember;
        return true;
    }

    /** Orders two members' keys as jsonb does (quotes included on both, so lengths compare alike). */
    private int compareKeys(int base, int x, int y) {
        int xs = members[3 * x] - base;
        int xl = members[3 * x + 1] - members[3 * x];
        int ys = members[3 * y] - base;
        int yl = members[3 * y + 1] - members[3 * y];
        if (xl != yl) {
            return Integer.compare(xl, yl);
        }
        // Keys are short: a plain loop, unsigned bytes as jsonb compares them.
        for (int i = 0; i < xl; i++) {
            int a = scratch[xs + i] & 0xff;
            int b = scratch[ys + i] & 0xff;
            if (a != b) {
                return Integer.compare(a, b);
            }
        }
        return 0;
    }

    private void addMember(int keyStart, int keyEnd, int memberEnd) {
        if (3 * memberCount + 3 > members.length) {
            members = Arrays.copyOf(members, 2 * members.length);
        }
        members[3 * memberCount] = keyStart;
        members[3 * memberCount + 1] = keyEnd;
        members[3 * memberCount + 2] = memberEnd;
        memberCount++;
    }

    private void ensure(int n) {
        if (len + n > out.length) {
            out = Arrays.copyOf(out, Math.max(len + n, 2 * out.length));
        }
    }
}
