package io.ferry.validator;

/**
 * A table's row count and the sum (mod 2^64) of its row hashes: independent of row order, so the
 * two engines need not agree on how to sort.
 */
public record TableChecksum(long rows, long sum) {

    public static final TableChecksum EMPTY = new TableChecksum(0, 0);

    public TableChecksum plus(long rowHash) {
        return new TableChecksum(rows + 1, sum + rowHash);
    }

    public String hex() {
        return String.format("%016x", sum);
    }
}
