package io.ferry.validator.sql;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The hash of a row's text completed by the validator, for a side whose JSON columns the database cannot render (a
 * MySQL source): the text of the row's other columns as the database rendered it ({@link SegmentSql#rowTexts}), then
 * each JSON column as jsonb prints it ({@link JsonbBytes}, else {@link JsonbText}), length-prefixed but the last, as
 * {@link SegmentSql}'s row text has them on the other side; hashed with MD5 ({@link #high} and {@link #low}) or
 * lookup3 ({@link #high}). Pure; one per reading thread.
 */
public final class RowTextHash {

    private static final byte[] NULL_PART = {'|', 'N'};
    /** What a stored text that is not JSON renders as: jsonb never prints a '!', so it matches no target value. */
    private static final byte[] NOT_JSON = "!not-json".getBytes(StandardCharsets.UTF_8);

    private final MessageDigest md5;
    private final JsonbBytes row = new JsonbBytes();
    private final JsonbBytes json = new JsonbBytes();
    private long high;
    private long low;

    public RowTextHash(RowHash kind) {
        this.md5 = kind == RowHash.MD5 ? md5() : null;
    }

    /**
     * Hashes a row.
     *
     * @param rest the text of the columns other than JSON, as the database rendered it
     * @param jsonDocuments the stored JSON documents (UTF-8; null for NULL), in the row text's order
     */
    public void hash(byte[] rest, byte[]... jsonDocuments) {
        row.reset();
        row.raw(rest, 0, rest.length);
        for (int i = 0; i < jsonDocuments.length; i++) {
            byte[] stored = jsonDocuments[i];
            if (stored == null) {
                row.raw(NULL_PART, 0, 2);
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
            row.ascii(i == jsonDocuments.length - 1 ? "|" : "|" + n + ":");
            row.raw(v, 0, n);
        }
        if (md5 == null) {
            high = Lookup3.of(row.buffer(), 0, row.length(), 0);
            low = 0;
        } else {
            md5.update(row.buffer(), 0, row.length());
            ByteBuffer d = ByteBuffer.wrap(md5.digest());
            high = d.getLong();
            low = d.getLong();
        }
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
