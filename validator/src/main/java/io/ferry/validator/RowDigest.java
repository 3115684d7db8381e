package io.ferry.validator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The hash of one row over its canonical values. The encoding is unambiguous (each value is
 * length-prefixed and NULL differs from the empty string), so two rows hash alike only if every
 * column reads the same.
 */
public final class RowDigest {

    private final MessageDigest sha256;

    public RowDigest() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The first 64 bits of SHA-256 over the encoded row. */
    public long hash(List<String> canonicalValues) {
        sha256.reset();
        for (String v : canonicalValues) {
            if (v == null) {
                sha256.update((byte) 0);
            } else {
                byte[] b = v.getBytes(StandardCharsets.UTF_8);
                sha256.update((byte) 1);
                sha256.update(new byte[] {(byte) (b.length >>> 24), (byte) (b.length >>> 16), (byte) (b.length >>> 8), (byte) b.length});
                sha256.update(b);
            }
        }
        byte[] d = sha256.digest();
        long h = 0;
        for (int i = 0; i < 8; i++) {
            h = (h << 8) | (d[i] & 0xff);
        }
        return h;
    }
}
