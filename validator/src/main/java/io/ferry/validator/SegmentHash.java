package io.ferry.validator;

import java.math.BigInteger;

/**
 * What one side says about a range of rows: how many, and the exact sum of the first 60 bits of
 * each row's MD5 (sum1), so that the order of rows does not matter and no row needs to leave the
 * database. A changed row goes unnoticed only if its change cancels another's in 60 bits. sum1 covers
 * the columns other than JSON; sum2 the same kind of sum over each row's JSON part (its key and JSON
 * columns as jsonb prints them), zero for a table without JSON.
 */
public record SegmentHash(long rows, BigInteger sum1, BigInteger sum2) {

    public static final SegmentHash EMPTY = new SegmentHash(0, BigInteger.ZERO, BigInteger.ZERO);

    public SegmentHash plus(SegmentHash o) {
        return new SegmentHash(rows + o.rows, sum1.add(o.sum1), sum2.add(o.sum2));
    }
}
