package io.ferry.validator;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a table into key ranges of about {@code segmentRows} source rows each, at keys sampled from the
 * source, so that skewed keys still give balanced segments. Pure: the sample comes from a {@link Sampler}.
 */
final class SegmentPlanner {

    /** Sampled keys per wanted segment: enough that a cut falls near its ideal place. */
    static final int SAMPLES_PER_SEGMENT = 32;
    private static final int MAX_SEGMENTS = 1_000_000;

    /** About {@code fraction} of a table's keys, in key order. */
    @FunctionalInterface
    interface Sampler {
        List<List<String>> sample(double fraction) throws SQLException;
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
        List<List<String>> sample = sampler.sample(fraction);
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
