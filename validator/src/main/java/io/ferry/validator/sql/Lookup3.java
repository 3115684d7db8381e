package io.ferry.validator.sql;

/**
 * PostgreSQL's 64-bit text hash, {@code hashtextextended(text, seed)}: Bob Jenkins' lookup3 as PostgreSQL's
 * {@code hash_bytes_extended} computes it on a little-endian server over the text's UTF-8 bytes. The validator hashes the
 * rows it renders itself (a MySQL side with JSON columns) with it, so that PostgreSQL hashes the same row text in SQL
 * with a function far cheaper than {@code md5} and gives the same value. A big-endian server computes other values:
 * {@link #probe} tells, and the validator falls back to MD5 for such a server.
 */
public final class Lookup3 {

    /** Reads four bytes as a little-endian int; first, as PROBE_HASH below needs it at class initialisation. */
    private static final java.lang.invoke.VarHandle LE_INT = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(int[].class,
            java.nio.ByteOrder.LITTLE_ENDIAN);

    /** A text whose hash a server must give as {@link #PROBE_HASH} for the validator to use this hash with it. */
    public static final String PROBE_TEXT = "ferry|1|N|12:größe 中 😀|";
    /** hashtextextended(PROBE_TEXT, 0) on PostgreSQL (x86-64). */
    public static final long PROBE_HASH = of(PROBE_TEXT.getBytes(java.nio.charset.StandardCharsets.UTF_8), 0, PROBE_TEXT.getBytes(
            java.nio.charset.StandardCharsets.UTF_8).length, 0);

    private Lookup3() {
    }

    /** The SQL a PostgreSQL server answers with its hash of {@link #PROBE_TEXT}. */
    public static String probe() {
        return "SELECT hashtextextended(" + "'" + PROBE_TEXT.replace("'", "''") + "' COLLATE \"C\", 0)";
    }

    /** hash_bytes_extended over {@code len} bytes of {@code k} from {@code off}, with a seed (0: none). */
    public static long of(byte[] k, int off, int len, long seed) {
        int a = 0x9e3779b9 + len + 3923095;
        int b = a;
        int c = a;
        if (seed != 0) {
            a += (int) (seed >>> 32);
            b += (int) seed;
            // mix(a, b, c)
            a -= c; a ^= Integer.rotateLeft(c, 4); c += b;
            b -= a; b ^= Integer.rotateLeft(a, 6); a += c;
            c -= b; c ^= Integer.rotateLeft(b, 8); b += a;
            a -= c; a ^= Integer.rotateLeft(c, 16); c += b;
            b -= a; b ^= Integer.rotateLeft(a, 19); a += c;
            c -= b; c ^= Integer.rotateLeft(b, 4); b += a;
        }
        int i = off;
        int n = len;
        while (n >= 12) {
            a += word(k, i);
            b += word(k, i + 4);
            c += word(k, i + 8);
            a -= c; a ^= Integer.rotateLeft(c, 4); c += b;
            b -= a; b ^= Integer.rotateLeft(a, 6); a += c;
            c -= b; c ^= Integer.rotateLeft(b, 8); b += a;
            a -= c; a ^= Integer.rotateLeft(c, 16); c += b;
            b -= a; b ^= Integer.rotateLeft(a, 19); a += c;
            c -= b; c ^= Integer.rotateLeft(b, 4); b += a;
            i += 12;
            n -= 12;
        }
        // The last 11 bytes, little-endian; the lowest byte of c is left for the length (which is not added).
        switch (n) {
            case 11: c += (k[i + 10] & 0xff) << 24; // fall through
            case 10: c += (k[i + 9] & 0xff) << 16; // fall through
            case 9: c += (k[i + 8] & 0xff) << 8; // fall through
            case 8: b += (k[i + 7] & 0xff) << 24; // fall through
            case 7: b += (k[i + 6] & 0xff) << 16; // fall through
            case 6: b += (k[i + 5] & 0xff) << 8; // fall through
            case 5: b += k[i + 4] & 0xff; // fall through
            case 4: a += (k[i + 3] & 0xff) << 24; // fall through
            case 3: a += (k[i + 2] & 0xff) << 16; // fall through
            case 2: a += (k[i + 1] & 0xff) << 8; // fall through
            case 1: a += k[i] & 0xff; // fall through
            default: break;
        }
        // final(a, b, c)
        c ^= b; c -= Integer.rotateLeft(b, 14);
        a ^= c; a -= Integer.rotateLeft(c, 11);
        b ^= a; b -= Integer.rotateLeft(a, 25);
        c ^= b; c -= Integer.rotateLeft(b, 16);
        a ^= c; a -= Integer.rotateLeft(c, 4);
        b ^= a; b -= Integer.rotateLeft(a, 14);
        c ^= b; c -= Integer.rotateLeft(b, 24);
        return ((long) b << 32) | (c & 0xffffffffL);
    }

    private static int word(byte[] k, int i) {
        return (int) LE_INT.get(k, i);
    }
}
