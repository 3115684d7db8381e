package io.ferry.validator;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a table into key ranges of about {@code segmentRows} source rows each, at keys sampled from the
 * source, so that skewed keys still give balanced segments. Pure: the sample comes from a {@link Sampler}, the row
 * count from a {@link Counter}.
 *
 * <p>{@link #plan(long, long, Sampler, Counter)} plans from the catalog's estimate of the rows, so that a large table is
 * read once for its plan (the sample) rather than twice (a count, then the sample): the sample's size tells the rows
 * too. Where the estimate is missing or small, or the sample shows it far too low, it counts.
 */
final class SegmentPlanner {

    /** Sampled keys per wanted segment: enough that a cut falls near its ideal place. */
    static final int SAMPLES_PER_SEGMENT = 32;
    private static final int MAX_SEGMENTS = 1_000_000;

    /** About {@code fraction} of a table's keys, in key order. */
    @FunctionalInterface
    interface Sampler {
        /** @param limit the most keys to give (0: no limit) */
        List<List<String>> sample(double fraction, int limit) throws SQLException;
    }

    /** A table's exact row count. */
    @FunctionalInterface
    interface Counter {
        long count() throws SQLException;
    }

    /** The segments of a table and its rows, as counted or as the sample tells them. */
    record Plan(List<KeyRange> ranges, long rows) {
    }

    /** The sample may hold this many times the keys the estimate expects before the estimate counts as far too low. */
    static final int SAMPLE_LIMIT_FACTOR = 4;

    /**
     * The segments of a table whose catalog estimates {@code estimate} rows: counted where the estimate is at most one
     * segment (or none), else planned from a sample taken at the estimate's fraction, which also gives the rows. A sample
     * that reaches {@link #SAMPLE_LIMIT_FACTOR} times its expected size means the estimate was far too low: counted and
     * sampled again then.
     */
    static Plan plan(long estimate, long segmentRows, Sampler sampler, Counter counter) throws SQLException {
        if (estimate > segmentRows) {
            int wanted = (int) Math.min(MAX_SEGMENTS, (estimate + segmentRows - 1) / segmentRows);
            double fraction = Math.min(1.0, (double) wanted * SAMPLES_PER_SEGMENT / estimate);
            int limit = (int) Math.min(Integer.MAX_VALUE, (long) wanted * SAMPLES_PER_SEGMENT * SAMPLE_LIMIT_FACTOR);
            List<List<String>> sample = sampler.sample(fraction, limit);
            if (sample.size() < limit) {
                long rows = Math.round(sample.size() / fraction);
                int segments = (int) Math.max(1, Math.min(MAX_SEGMENTS, (rows + segmentRows - 1) / segmentRows));
                return new Plan(cut(sample, segments), rows);
            }
        }
        long rows = counter.count();
        return new Plan(plan(rows, segmentRows, sampler), rows);
    }

    private SegmentPlanner() {
    }

    /** The segments of a table of {@code rows} source rows; one segment when it is small or the sample is empty. */
    static List<KeyRange> plan(long rows, long segmentRows, Sampler sampler) throws SQLException {
        if (rows <= segmentRows) {
            return List.of(KeyRange.ALL);
        }
        int wanted = (int) Math.min(MAX_SEGMENTS, (rows + segmentRows - 1) / segmentRows);
        double fraction = Math.min(1.0, (double) wanted * SAMPLES_PER_SEGMENT / rows);
        return cut(sampler.sample(fraction, 0), wanted);
    }

    /** Ranges cut at {@code wanted - 1} keys evenly spaced in the sample (fewer where keys repeat). */
    private static List<KeyRange> cut(List<List<String>> sample, int wanted) {
        List<List<String>> cuts = new ArrayList<>();
        for (int j = 1; j < wanted && !sample.isEmpty(); j++) {
            List<String> k = sample.get((int) ((long) j * sample.size() / wanted));
            if (cuts.isEmpty() || !cuts.get(cuts.size() - 1).equals(k)) {
                cuts.add(k);
            }
        }
        return ranges(null, cuts, null);
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
