package io.ferry.validator;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Cuts a table into key ranges of about {@code segmentRows} source rows each, at keys sampled from the source, so that
 * skewed keys still give balanced segments. Pure: the sample comes from a {@link Sampler}, the row count from a
 * {@link Counter}.
 *
 * <p>The sample is taken at the fraction that gives {@link #SAMPLES_PER_SEGMENT} sampled keys per segment, from the
 * catalog's estimate of the rows (counted where the catalog has none, or at most one segment's), and it streams: every
 * {@code SAMPLES_PER_SEGMENT}-th sampled key is a cut, and each range is handed on as soon as the next cut is read
 * (the last one joins a short tail), so that the segments are checked while the sample is still being read. A table is read once for its plan rather than
 * twice (a count, then the sample), and each range holds about {@code segmentRows} rows whether the estimate is right
 * or not: where the sample shows it far too low, later ranges take more sampled keys each.
 */
final class SegmentPlanner {

    /** Sampled keys per wanted segment: enough that a cut falls near its ideal place. */
    static final int SAMPLES_PER_SEGMENT = 32;
    /** Where the sample holds this many times the keys the estimate expects, each later range takes more of them. */
    static final int SAMPLE_OVERRUN = 2;
    private static final int MAX_SEGMENTS = 1_000_000;

    /** About {@code fraction} of a table's keys, handed to {@code keys} one by one in key order. */
    @FunctionalInterface
    interface Sampler {
        void sample(double fraction, Consumer<List<String>> keys) throws SQLException;
    }

    /** A table's exact row count. */
    @FunctionalInterface
    interface Counter {
        long count() throws SQLException;
    }

    /** The segments of a table and its rows, as counted or as the sample tells them. */
    record Plan(List<KeyRange> ranges, long rows) {
    }

    private SegmentPlanner() {
    }

    /**
     * The segments of a table whose catalog estimates {@code estimate} rows (0: none), each handed to {@code onRange} as
     * soon as it is known, in key order.
     */
    static Plan plan(long estimate, long segmentRows, Sampler sampler, Counter counter, Consumer<KeyRange> onRange) throws SQLException {
        long rows = estimate > segmentRows ? estimate : counter.count();
        if (rows <= segmentRows) {
            onRange.accept(KeyRange.ALL);
            return new Plan(List.of(KeyRange.ALL), rows);
        }
        long wanted = Math.min(MAX_SEGMENTS, (rows + segmentRows - 1) / segmentRows);
        double fraction = Math.min(1.0, (double) wanted * SAMPLES_PER_SEGMENT / rows);
        Cutter cutter = new Cutter(fraction * rows, onRange);
        sampler.sample(fraction, cutter);
        List<KeyRange> ranges = cutter.finish();
        return new Plan(ranges, estimate > segmentRows ? Math.round(cutter.seen / fraction) : rows);
    }

    /** Cuts the sampled keys as they come into ranges, handing each on at the next cut. */
    private static final class Cutter implements Consumer<List<String>> {
        private final double expected;
        private final Consumer<KeyRange> onRange;
        private final List<KeyRange> ranges = new ArrayList<>();
        private long seen;
        private long sinceCut;
        private long lastStep = SAMPLES_PER_SEGMENT;
        private List<String> lastCut;
        /** The range up to the last cut: handed on at the next cut, or joined to the tail if the tail is short. */
        private KeyRange pending;

        Cutter(double expected, Consumer<KeyRange> onRange) {
            this.expected = expected;
            this.onRange = onRange;
        }

        @Override
        public void accept(List<String> key) {
            seen++;
            long step = SAMPLES_PER_SEGMENT * Math.max(1, (long) (seen / (SAMPLE_OVERRUN * expected)));
            // A cut at the key after every step-th one: the first range holds the keys before it, as an even split would.
            if (sinceCut++ >= step && ranges.size() < MAX_SEGMENTS - 2 && !key.equals(lastCut)) {
                if (pending != null) {
                    hand(pending);
                }
                pending = new KeyRange(lastCut, key);
                lastCut = key;
                sinceCut = 1;
                lastStep = step;
            }
        }

        /** The ranges once the sample has ended: the last pending one, and the tail after it. */
        List<KeyRange> finish() {
            if (pending == null) {
                hand(KeyRange.ALL);
            } else if (sinceCut < lastStep / 2) {
                // A short tail: the last range runs to the end, rather than a range of a few rows after it.
                hand(new KeyRange(pending.lower(), null));
            } else {
                hand(pending);
                hand(new KeyRange(lastCut, null));
            }
            return ranges;
        }

        private void hand(KeyRange range) {
            ranges.add(range);
            onRange.accept(range);
        }
    }

    /** Consecutive ranges from {@code lower} to {@code upper} cut at each of {@code cuts} (in key order). */
    static List<KeyRange> ranges(List<String> lower, List<List<String>> cuts, List<String> upper) {
        List<KeyRange> out = new ArrayList<>();
        List<String> from = lower;
        for (List<String> cut : cuts) {
            out.add(new KeyRange(from, cut));
            from = cut;
        }
        out.add(new KeyRange(from, upper));
        return out;
    }
}
