package io.ferry.validator;

import java.math.BigInteger;

/**
 * What one side says about a range of rows: how many, and the exact sum of the first 60 bits of
 * each row's MD5 (over every column, JSON as jsonb prints it), so that the order of rows does not matter
 * and no row needs to leave the database. A changed row goes unnoticed only if its change cancels
 * another's in 60 bits.
 */
public record SegmentHash(long rows, BigInteger sum) {

    public static final SegmentHash EMPTY = new SegmentHash(0, BigInteger.ZERO);

    public SegmentHash plus(SegmentHash o) {
        return new SegmentHash(rows + o.rows, sum.add(o.sum));
    }
}
