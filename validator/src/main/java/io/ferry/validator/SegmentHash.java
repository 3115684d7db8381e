package io.ferry.validator;

import java.math.BigInteger;

/**
 * What one side says about a range of rows: how many, and two sums of per-row hash parts (the
 * first and second 60 bits of each row's MD5), so that the order of rows does not matter and no
 * row needs to leave the database.
 */
public record SegmentHash(long rows, BigInteger sum1, BigInteger sum2) {

    public static final SegmentHash EMPTY = new SegmentHash(0, BigInteger.ZERO, BigInteger.ZERO);

    public SegmentHash plus(SegmentHash o) {
        return new SegmentHash(rows + o.rows, sum1.add(o.sum1), sum2.add(o.sum2));
    }
}
