package io.ferry.validator;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * A range's row count and hash sum per bucket of keys, a bucket being the low bits of lookup3 over the key's text
 * (the same text on both sides). Where two sides' sums differ, only the rows of the buckets that differ need comparing
 * row by row: a few scattered differences make a few buckets differ, so the target renders and hashes only their rows
 * again. A bucket whose count and sum agree is equal as a whole range whose hashes agree is.
 */
final class KeyBuckets {

    /** Buckets per range: a power of two. */
    static final int COUNT = 256;

    private final long[] rows = new long[COUNT];
    /** Each bucket's exact sum is {@code high * 2^32 + low}. */
    private final long[] high = new long[COUNT];
    private final long[] low = new long[COUNT];

    /** The bucket of a key whose text hashes to {@code keyHash}; PostgreSQL computes it as {@code keyHash & (COUNT - 1)}. */
    static int of(long keyHash) {
        return (int) (keyHash & (COUNT - 1));
    }

    /** Counts a row of the bucket with its signed 64-bit hash. */
    void add(int bucket, long rowHash) {
        rows[bucket]++;
        high[bucket] += rowHash >> 32;
        low[bucket] += rowHash & 0xffffffffL;
    }

    /** Sets a bucket's count and sum, as the database gave them. */
    void set(int bucket, long count, BigInteger sum) {
        rows[bucket] = count;
        high[bucket] = sum.shiftRight(32).longValueExact();
        low[bucket] = sum.and(BigInteger.valueOf(0xffffffffL)).longValue();
    }

    private BigInteger sum(int bucket) {
        return BigInteger.valueOf(high[bucket]).shiftLeft(32).add(BigInteger.valueOf(low[bucket]));
    }

    /** The count and sum of the whole range. */
    SegmentHash total() {
        long n = 0;
        BigInteger s = BigInteger.ZERO;
        for (int b = 0; b < COUNT; b++) {
            n += rows[b];
            if (rows[b] > 0) {
                s = s.add(sum(b));
            }
        }
        return new SegmentHash(n, s);
    }

    /** The rows in the given buckets. */
    long rows(int[] buckets) {
        long n = 0;
        for (int b : buckets) {
            n += rows[b];
        }
        return n;
    }

    /** The buckets whose count or sum differ from the other side's, in order. */
    int[] differing(KeyBuckets other) {
        int[] out = new int[COUNT];
        int n = 0;
        for (int b = 0; b < COUNT; b++) {
            if (rows[b] != other.rows[b] || !sum(b).equals(other.sum(b))) {
                out[n++] = b;
            }
        }
        return Arrays.copyOf(out, n);
    }
}
