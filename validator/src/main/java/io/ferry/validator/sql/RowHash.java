package io.ferry.validator.sql;

/**
 * The hash both sides of a table compute over each row's text. A segment's hash is the row count and the exact sum of
 * its rows' hashes (60 bits of each MD5, or each whole 64-bit lookup3 value as a signed number).
 */
public enum RowHash {
    /** MD5 of the row text, in SQL on both sides: the one hash MySQL and PostgreSQL both compute (a MySQL source without JSON). */
    MD5,
    /**
     * PostgreSQL's {@code hashtextextended(row text, 0)} ({@link Lookup3}), where the source's rows are hashed by the
     * validator (a MySQL source with JSON columns) or the source is PostgreSQL too: about as cheap as reading the text,
     * where {@code md5} costs as much again. Only with servers that give the validator's value for a probe text.
     */
    LOOKUP3;

    /**
     * Key buckets per range where the row hash is lookup3: the low bits of lookup3 over the key's text, with which a
     * range that differs is compared row by row only in its buckets that differ. A power of two.
     */
    public static final int BUCKETS = 256;

    /** A row's hash as hex digits: an MD5's two halves (32 digits), or lookup3 (16; {@code low} is 0). */
    public String hex(long high, long low) {
        java.util.HexFormat hex = java.util.HexFormat.of();
        return this == MD5 ? hex.toHexDigits(high) + hex.toHexDigits(low) : hex.toHexDigits(high);
    }

    /** Hex digits of a row's hash as {@code rowHashes} gives it for this hash. */
    public int hexDigits() {
        return this == MD5 ? 32 : 16;
    }
}
