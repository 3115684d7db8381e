package io.ferry.validator.sql;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The hash of a row completed by the validator, for a side whose rows the database does not hash (a MySQL source), from
 * the parts {@link SegmentSql#rowTexts} gives: the text of its fixed columns as the database rendered it, its free-text
 * columns and its JSON documents as stored (JSON as jsonb prints it: {@link JsonbBytes}, else {@link JsonbText}).
 * lookup3 ({@link #high}): each part hashed apart with its seed and combined by XOR, date-times in the fixed text with the
 * trailing zeros of their fraction trimmed, as PostgreSQL prints them. MD5 ({@link #high} and {@link #low}): over the row
 * text as {@link SegmentSql}'s SQL builds it (free text length-prefixed in bytes, N for NULL; JSON length-prefixed but the
 * last). Pure; one per reading thread.
 */
public final class RowTextHash {

    /**
     * Where a {@link SegmentSql#rowTexts} result holds a row's parts.
     *
     * @param leading   columns before the row's parts (the key columns and the key's text), or 0
     * @param fixed     how each fixed column that follows is read, in order (none: the row has no fixed text)
     * @param dateTimes how many of them, the last ones, are date-times
     * @param freeText  free-text columns that follow the fixed columns
     * @param json      JSON columns that follow them
     * @param keyInFixed which of the fixed columns is not sent again but is the key's one column as read (its text is
     *                   the key: {@link SegmentSql#keyTextIsKey}), or -1
     */
    public record Layout(int leading, java.util.List<HashSql.FixedRead> fixed, int dateTimes, int freeText, int json, int keyInFixed) {

        public Layout {
            fixed = java.util.List.copyOf(fixed);
        }
    }

    private static final byte[] NULL_MARKER = {'N'};
    private static final byte[] PIPE = {'|'};
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    /** What a stored text that is not JSON renders as: jsonb never prints a '!', so it matches no target value. */
    private static final byte[] NOT_JSON = "!not-json".getBytes(StandardCharsets.UTF_8);

    private final MessageDigest md5;
    /** How many of the fixed text's parts, the last ones, are date-times. */
    private final int dateTimes;
    private final int[] partEnds;
    private final JsonbBytes row = new JsonbBytes();
    /** The fixed text being built ({@link #startFixed}), and whether a part is in it yet. */
    private final JsonbBytes fixedText = new JsonbBytes();
    private boolean fixedStarted;
    private final JsonbBytes json = new JsonbBytes();
    private long high;
    private long low;

    /** @param dateTimes as {@link Layout#dateTimes}: how many of the fixed text's parts, the last ones, are date-times */
    public RowTextHash(RowHash kind, int dateTimes) {
        this.md5 = kind == RowHash.MD5 ? md5() : null;
        this.dateTimes = dateTimes;
        this.partEnds = new int[2 * dateTimes];
    }

    /**
     * Hashes a row.
     *
     * @param fixed the text of the fixed columns, as the database rendered it; null where the table has none
     * @param freeTexts the free-text columns' texts (UTF-8; null for NULL), in the row text's order
     * @param jsonDocuments the stored JSON documents (UTF-8; null for NULL), in the row text's order
     */
    public void hash(byte[] fixed, byte[][] freeTexts, byte[][] jsonDocuments) {
        hash(fixed, fixed == null ? 0 : fixed.length, freeTexts, jsonDocuments);
    }

    /** Starts a row's fixed text, built from its columns by {@link #fixedText} and {@link #fixedStored}. */
    public void startFixed() {
        fixedText.reset();
        fixedStarted = false;
    }

    /** Adds the next fixed column's text as SQL rendered it (UTF-8; null for NULL). */
    public void fixedText(byte[] text) {
        separate();
        if (text == null) {
            fixedText.raw(NULL_MARKER, 0, 1);
        } else {
            fixedText.raw(text, 0, text.length);
        }
    }

    /** Adds the next fixed column read as stored: the driver's text of the value (null for NULL), as {@code read} says. */
    public void fixedStored(String stored, HashSql.FixedRead read) {
        separate();
        if (stored == null) {
            fixedText.raw(NULL_MARKER, 0, 1);
        } else if (read == HashSql.FixedRead.TINYINT_BOOLEAN && stored.equals("1")) {
            fixedText.raw(TRUE, 0, TRUE.length);
        } else if (read == HashSql.FixedRead.TINYINT_BOOLEAN && stored.equals("0")) {
            fixedText.raw(FALSE, 0, FALSE.length);
        } else {
            fixedText.ascii(stored);
        }
    }

    private void separate() {
        if (fixedStarted) {
            fixedText.raw(PIPE, 0, 1);
        }
        fixedStarted = true;
    }

    /** Hashes a row whose fixed text was built since {@link #startFixed} (none: the row has no fixed columns). */
    public void hash(byte[][] freeTexts, byte[][] jsonDocuments) {
        hash(fixedStarted ? fixedText.buffer() : null, fixedText.length(), freeTexts, jsonDocuments);
    }

    private void hash(byte[] fixed, int fixedLength, byte[][] freeTexts, byte[][] jsonDocuments) {
        if (md5 != null) {
            md5(fixed, fixedLength, freeTexts, jsonDocuments);
            return;
        }
        long h = 0;
        if (fixed != null) {
            h = fixedHash(fixed, fixedLength);
        }
        int seed = 1;
        for (byte[] text : freeTexts) {
            if (text != null) {
                h ^= Lookup3.of(text, 0, text.length, seed);
            }
            seed++;
        }
        for (byte[] stored : jsonDocuments) {
            if (stored != null) {
                json.reset();
                if (json.append(stored, 0, stored.length)) {
                    h ^= Lookup3.of(json.buffer(), 0, json.length(), seed);
                } else {
                    byte[] rendered = JsonbText.utf8(stored);
                    byte[] v = rendered == null ? NOT_JSON : rendered;
                    h ^= Lookup3.of(v, 0, v.length, seed);
                }
            }
            seed++;
        }
        high = h;
        low = 0;
    }

    /**
     * Hashes the fixed text, each date-time part (the last parts) without the trailing zeros of its fraction: found from
     * the end, copied into {@link #row} where one has any, hashed in place where none has.
     */
    private long fixedHash(byte[] fixed, int length) {
        int end = length;
        boolean trimmed = false;
        // From the last part back: each date-time part's start and its end once trimmed.
        for (int p = dateTimes - 1; p >= 0; p--) {
            int start = end;
            int dot = -1;
            while (start > 0 && fixed[start - 1] != '|') {
                start--;
                if (fixed[start] == '.' && dot < 0) {
                    dot = start;
                }
            }
            int kept = end;
            if (dot >= 0) {
                while (kept > dot + 1 && fixed[kept - 1] == '0') {
                    kept--;
                }
                if (kept == dot + 1) {
                    kept = dot;
                }
            }
            trimmed |= kept < end;
            partEnds[2 * p] = start;
            partEnds[2 * p + 1] = kept;
            end = start - 1;
        }
        if (!trimmed) {
            return Lookup3.of(fixed, 0, length, 0);
        }
        row.reset();
        int copied = 0;
        for (int p = 0; p < dateTimes; p++) {
            row.raw(fixed, copied, partEnds[2 * p + 1] - copied);
            copied = p + 1 < dateTimes ? partEnds[2 * p + 2] - 1 : length;
        }
        return Lookup3.of(row.buffer(), 0, row.length(), 0);
    }

    private void md5(byte[] fixed, int fixedLength, byte[][] freeTexts, byte[][] jsonDocuments) {
        row.reset();
        boolean first = true;
        if (fixed != null) {
            row.raw(fixed, 0, fixedLength);
            first = false;
        }
        for (byte[] text : freeTexts) {
            if (!first) {
                row.ascii("|");
            }
            first = false;
            if (text == null) {
                row.raw(NULL_MARKER, 0, 1);
            } else {
                row.ascii(text.length + ":");
                row.raw(text, 0, text.length);
            }
        }
        for (int i = 0; i < jsonDocuments.length; i++) {
            if (!first) {
                row.ascii("|");
            }
            first = false;
            byte[] stored = jsonDocuments[i];
            if (stored == null) {
                row.raw(NULL_MARKER, 0, 1);
                continue;
            }
            json.reset();
            byte[] v;
            int n;
            if (json.append(stored, 0, stored.length)) {
                v = json.buffer();
                n = json.length();
            } else {
                byte[] rendered = JsonbText.utf8(stored);
                v = rendered == null ? NOT_JSON : rendered;
                n = v.length;
            }
            // The last JSON column needs no length prefix: nothing follows it.
            if (i < jsonDocuments.length - 1) {
                row.ascii(n + ":");
            }
            row.raw(v, 0, n);
        }
        md5.update(row.buffer(), 0, row.length());
        ByteBuffer d = ByteBuffer.wrap(md5.digest());
        high = d.getLong();
        low = d.getLong();
    }

    /** The first 64 bits of the last row's MD5, or its lookup3. */
    public long high() {
        return high;
    }

    /** The last 64 bits of the last row's MD5, or 0. */
    public long low() {
        return low;
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from this JVM", e);
        }
    }
}
