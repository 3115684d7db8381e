package io.ferry.validator;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How a validation run works.
 *
 * @param segmentRows        rows per segment, about
 * @param rowDiffRows        a mismatching range of at most this many rows is compared row by row (by per-row hashes);
 *                           a larger one is cut into parts first (bisection)
 * @param concurrency        segments hashed at once, each on its own connection per side
 * @param rowsPerSecond      most source rows read per second; 0 for no limit
 * @param checkpoint         where finished segments are recorded so a crashed run resumes; null for none
 * @param convergenceTimeout in live mode, how long a difference may take to go away; null for a one-pass run
 */
public record ValidationOptions(long segmentRows, int rowDiffRows, int concurrency, long rowsPerSecond, Path checkpoint,
        Duration convergenceTimeout) {

    /**
     * A differing segment of up to 20,000 rows is compared by per-row hashes at once (about 30 bytes a row cross the
     * network): cheaper than cutting it and hashing the parts again. Larger ones are cut first.
     */
    public static final ValidationOptions DEFAULTS = new ValidationOptions(10_000, 20_000, 2, 0, null, null);

    public ValidationOptions {
        if (segmentRows < 2 || rowDiffRows < 1 || concurrency < 1 || rowsPerSecond < 0) {
            throw new IllegalArgumentException("segmentRows >= 2, rowDiffRows >= 1, concurrency >= 1 and rowsPerSecond >= 0 are required");
        }
    }

    public ValidationOptions withCheckpoint(Path file) {
        return new ValidationOptions(segmentRows, rowDiffRows, concurrency, rowsPerSecond, file, convergenceTimeout);
    }

    public ValidationOptions live(Duration timeout) {
        return new ValidationOptions(segmentRows, rowDiffRows, concurrency, rowsPerSecond, checkpoint, timeout);
    }

    public ValidationOptions withSegmentRows(long rows) {
        return new ValidationOptions(rows, rowDiffRows, concurrency, rowsPerSecond, checkpoint, convergenceTimeout);
    }

    public ValidationOptions withConcurrency(int n) {
        return new ValidationOptions(segmentRows, rowDiffRows, n, rowsPerSecond, checkpoint, convergenceTimeout);
    }

    public ValidationOptions withRowDiffRows(int n) {
        return new ValidationOptions(segmentRows, n, concurrency, rowsPerSecond, checkpoint, convergenceTimeout);
    }

    public ValidationOptions withRowsPerSecond(long n) {
        return new ValidationOptions(segmentRows, rowDiffRows, concurrency, n, checkpoint, convergenceTimeout);
    }
}
