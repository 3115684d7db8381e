package io.ferry.validator;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Narrows a range whose hashes differ down to the rows that differ: a range small enough (or whose differing key
 * buckets are) is compared row by row; a larger one is cut into {@value #SPLIT} parts at keys of the side with more rows, each part hashed on
 * both sides, and only the parts that differ are cut again. Pure: the databases are behind a {@link Pair}.
 */
final class Bisector {

    static final int SPLIT = 8;
    /** A range this small whose parts mostly differ is compared row by row at once. */
    static final long DENSE_ROW_DIFF_ROWS = 50_000;

    /** What bisection needs of a table's two sides. */
    interface Pair {
        /** Source and target hash of a range, in that order. */
        SegmentHash[] hashBoth(KeyRange range) throws SQLException, InterruptedException;

        /** The key at an offset within the range on one side, or null past its end. */
        List<String> keyAt(boolean source, KeyRange range, long offset) throws SQLException;

        /** The differences of a range, compared row by row. */
        List<Difference> rowDiff(KeyRange range) throws SQLException, InterruptedException;

        /**
         * How many rows a row comparison of the range would read on the larger side, when the pair knows it to be fewer
         * than the range holds (it knows which key buckets of the range differ, {@link KeyBuckets}); else {@code rows}.
         */
        default long rowsToCompare(KeyRange range, long rows) {
            return rows;
        }
    }

    private final int rowDiffRows;

    /** @param rowDiffRows a differing range of at most this many rows (on the larger side) is compared row by row */
    Bisector(int rowDiffRows) {
        this.rowDiffRows = rowDiffRows;
    }

    /** The most rows (on the larger side) of a range compared row by row without bisecting it. */
    int rowDiffRows() {
        return rowDiffRows;
    }

    /** The differences of a range whose source hash is {@code s} and target hash {@code t}. */
    List<Difference> differences(Pair pair, KeyRange range, SegmentHash s, SegmentHash t) throws SQLException, InterruptedException {
        if (s.equals(t)) {
            return List.of();
        }
        long n = Math.max(s.rows(), t.rows());
        if (n <= rowDiffRows || pair.rowsToCompare(range, n) <= rowDiffRows) {
            return pair.rowDiff(range);
        }
        boolean bySource = s.rows() >= t.rows();
        List<List<String>> cuts = new ArrayList<>();
        for (int j = 1; j < SPLIT; j++) {
            List<String> k = pair.keyAt(bySource, range, n * j / SPLIT);
            if (k != null && (cuts.isEmpty() || !cuts.get(cuts.size() - 1).equals(k)) && !k.equals(range.lower())) {
                cuts.add(k);
            }
        }
        if (cuts.isEmpty()) {
            return pair.rowDiff(range);
        }
        List<KeyRange> parts = SegmentPlanner.ranges(range.lower(), cuts, range.upper());
        List<SegmentHash[]> hashes = new ArrayList<>();
        int differing = 0;
        for (KeyRange sub : parts) {
            SegmentHash[] h = pair.hashBoth(sub);
            hashes.add(h);
            differing += h[0].equals(h[1]) ? 0 : 1;
        }
        if (differing > parts.size() / 2 && n <= DENSE_ROW_DIFF_ROWS) {
            // Differences everywhere: reading the range once beats cutting it further.
            return pair.rowDiff(range);
        }
        List<Difference> out = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            SegmentHash[] h = hashes.get(i);
            out.addAll(differences(pair, parts.get(i), h[0], h[1]));
        }
        return out;
    }
}
