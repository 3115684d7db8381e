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
     * @param dateTimes for each fixed column, in order, whether it is a date-time (none: the fixed text is left out)
     * @param freeText  free-text columns that follow the fixed text
     * @param json      JSON columns that follow them
     */
    public record Layout(int leading, boolean[] dateTimes, int freeText, int json) {

        /** Whether the fixed columns' text comes first (a table may have none). */
        public boolean fixed() {
            return dateTimes.length > 0;
        }
    }

    private static final byte[] NULL_MARKER = {'N'};
    /** What a stored text that is not JSON renders as: jsonb never prints a '!', so it matches no target value. */
    private static final byte[] NOT_JSON = "!not-json".getBytes(StandardCharsets.UTF_8);

    private final MessageDigest md5;
    private final boolean[] dateTimes;
    private final boolean anyDateTime;
    private final JsonbBytes row = new JsonbBytes();
    private final JsonbBytes json = new JsonbBytes();
    private long high;
    private long low;

    /** @param dateTimes as {@link Layout#dateTimes} */
    public RowTextHash(RowHash kind, boolean[] dateTimes) {
        this.md5 = kind == RowHash.MD5 ? md5() : null;
        this.dateTimes = dateTimes.clone();
        boolean any = false;
        for (boolean d : dateTimes) {
            any |= d;
        }
        this.anyDateTime = any;
    }

    /**
     * Hashes a row.
     *
     * @param fixed the text of the fixed columns, as the database rendered it; null where the table has none
     * @param freeTexts the free-text columns' texts (UTF-8; null for NULL), in the row text's order
     * @param jsonDocuments the stored JSON documents (UTF-8; null for NULL), in the row text's order
     */
    public void hash(byte[] fixed, byte[][] freeTexts, byte[][] jsonDocuments) {
        if (md5 != null) {
            md5(fixed, freeTexts, jsonDocuments);
            return;
        }
        long h = 0;
        if (fixed != null) {
            h = fixedHash(fixed);
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
     * Hashes the fixed text, each date-time part without the trailing zeros of its fraction (copied into {@link #row}
     * where one has any; hashed in place where none has).
     */
    private long fixedHash(byte[] fixed) {
        if (!anyDateTime) {
            return Lookup3.of(fixed, 0, fixed.length, 0);
        }
        row.reset();
        int part = 0;
        int copied = 0;
        int dot = -1;
        for (int i = 0; i <= fixed.length; i++) {
            byte b = i < fixed.length ? fixed[i] : (byte) '|';
            if (b == '.') {
                dot = i;
            } else if (b == '|') {
                if (dot >= 0 && part < dateTimes.length && dateTimes[part]) {
                    int end = i;
                    while (end > dot + 1 && fixed[end - 1] == '0') {
                        end--;
                    }
                    if (end == dot + 1) {
                        end = dot;
                    }
                    if (end < i) {
                        row.raw(fixed, copied, end - copied);
                        copied = i;
                    }
                }
                dot = -1;
                part++;
            }
        }
        row.raw(fixed, copied, fixed.length - copied);
        return Lookup3.of(row.buffer(), 0, row.length(), 0);
    }

    private void md5(byte[] fixed, byte[][] freeTexts, byte[][] jsonDocuments) {
        row.reset();
        boolean first = true;
        if (fixed != null) {
            row.raw(fixed, 0, fixed.length);
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
