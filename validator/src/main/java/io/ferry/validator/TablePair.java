package io.ferry.validator;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One table's two sides over one connection each: checks a segment (hashes both sides at once, then
 * bisects a mismatch down to rows). The I/O half of {@link Bisector}.
 */
final class TablePair implements Bisector.Pair {

    private final RangeReader source;
    private final RangeReader target;
    private final Connection sc;
    private final Connection tc;
    private final Executor targetSide;
    private final RateLimiter rate;
    private final long segmentRows;
    /**
     * The range checked last, when it differed: the source's row hashes when its reader keeps them (else null), and
     * the key buckets that differ when both sides hash by bucket (else null: all).
     */
    private KeyRange keptRange;
    private KeptRows keptRows;
    private int[] keptBuckets;
    /** The rows of the differing buckets on the side with more of them. */
    private long keptBucketRows;
    /**
     * Whether a side hashed in SQL sums its segments per key bucket from the start: once one of the table's segments
     * differed, as the next are then likely to (scattered differences); until then it sums them whole, and per bucket
     * again only after a mismatch ({@link RangeReader#hashKeepingRows}).
     */
    private final AtomicBoolean byBucket;

    /** @param segmentRows rows per planned segment, about */
    TablePair(RangeReader source, RangeReader target, Connection sc, Connection tc, Executor targetSide, RateLimiter rate, long segmentRows,
              AtomicBoolean byBucket) {
        this.segmentRows = segmentRows;
        this.byBucket = byBucket;
        this.source = source;
        this.target = target;
        this.sc = sc;
        this.tc = tc;
        this.targetSide = targetSide;
        this.rate = rate;
    }

    /**
     * A segment's verdict: rows on each side and every row that differs. The source's row hashes, where its reader
     * computes them anyway, are kept for the segment's row comparison.
     */
    Checkpoint.SegmentVerdict check(KeyRange range, Bisector bisector) throws SQLException, InterruptedException {
        // Kept up to a segment's size and more (a planned segment may hold more rows than planned): a segment whose
        // differing buckets are few is compared row by row whatever its size. At most 100,000 rows (about 10 MB).
        int keepRows = (int) Math.max(bisector.rowDiffRows(), Math.min(2 * segmentRows, 100_000));
        boolean bucketed = byBucket.get();
        CompletableFuture<RangeReader.Hashed> t = onTarget(() -> target.hashKeepingRows(tc, range, keepRows, bucketed));
        RangeReader.Hashed s = source.hashKeepingRows(sc, range, keepRows, bucketed);
        rate.acquire(s.hash().rows());
        RangeReader.Hashed tHashed = await(t);
        SegmentHash th = tHashed.hash();
        if (!s.hash().equals(th)) {
            byBucket.set(true);
            keptRange = range;
            keptRows = s.rows();
            // A side that summed the range whole sums it per bucket now: the rows that differ are then those of a few buckets.
            CompletableFuture<KeyBuckets> tb = tHashed.buckets() != null ? CompletableFuture.completedFuture(tHashed.buckets())
                    : onTarget(() -> target.buckets(tc, range));
            KeyBuckets sb = s.buckets() != null ? s.buckets() : source.buckets(sc, range);
            KeyBuckets tBuckets = await(tb);
            keptBuckets = sb != null && tBuckets != null ? sb.differing(tBuckets) : null;
            keptBucketRows = keptBuckets == null ? Long.MAX_VALUE : Math.max(sb.rows(keptBuckets), tBuckets.rows(keptBuckets));
        }
        List<Difference> diffs = bisector.differences(this, range, s.hash(), th);
        return new Checkpoint.SegmentVerdict(s.hash().rows(), th.rows(), diffs);
    }

    @Override
    public SegmentHash[] hashBoth(KeyRange range) throws SQLException, InterruptedException {
        CompletableFuture<SegmentHash> t = onTarget(() -> target.hash(tc, range));
        SegmentHash s = source.hash(sc, range);
        rate.acquire(s.rows());
        return new SegmentHash[] {s, await(t)};
    }

    @Override
    public long rowsToCompare(KeyRange range, long rows) {
        return range.equals(keptRange) ? Math.min(rows, keptBucketRows) : rows;
    }

    @Override
    public List<String> keyAt(boolean onSource, KeyRange range, long offset) throws SQLException {
        return onSource ? source.keyAt(sc, range, offset) : target.keyAt(tc, range, offset);
    }

    /**
     * Compares a range row by row: by per-row hashes computed in each database (JSON in the validator on a MySQL
     * source), then the full rows of the keys whose hashes differ; both sides read at once.
     */
    @Override
    public List<Difference> rowDiff(KeyRange range) throws SQLException, InterruptedException {
        boolean kept = range.equals(keptRange);
        int[] buckets = kept ? keptBuckets : null;
        CompletableFuture<Map<List<String>, String>> th = onTarget(() -> target.rowHashes(tc, range, buckets));
        Map<List<String>, String> s = kept && keptRows != null ? keptRows.byKey(buckets) : source.rowHashes(sc, range, buckets);
        Map<List<String>, String> t = await(th);
        List<List<String>> keys = RowDiff.differingKeys(s, t, new KeyOrder(source.table().keyColumns()));
        CompletableFuture<Map<List<String>, List<String>>> tr = onTarget(() -> target.rows(tc, keys.stream().filter(t::containsKey).toList()));
        Map<List<String>, List<String>> fromSource = source.rows(sc, keys.stream().filter(s::containsKey).toList());
        Map<List<String>, List<String>> fromTarget = await(tr);
        Map<List<String>, List<String>> sourceRows = new LinkedHashMap<>();
        Map<List<String>, List<String>> targetRows = new LinkedHashMap<>();
        for (List<String> key : keys) {
            if (fromSource.containsKey(key)) {
                sourceRows.put(key, fromSource.get(key));
            }
            if (fromTarget.containsKey(key)) {
                targetRows.put(key, fromTarget.get(key));
            }
        }
        return RowDiff.diff(source.table(), sourceRows, targetRows);
    }

    /** A read on the target side, run at the same time as the source side's. */
    private <T> CompletableFuture<T> onTarget(TargetRead<T> read) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return read.run();
            } catch (SQLException e) {
                throw new CompletionException(e);
            }
        }, targetSide);
    }

    @FunctionalInterface
    private interface TargetRead<T> {
        T run() throws SQLException;
    }

    static <T> T await(Future<T> f) throws SQLException, InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException c && c.getCause() != null ? c.getCause() : e.getCause();
            if (cause instanceof SQLException s) {
                throw s;
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(cause);
        }
    }
}
