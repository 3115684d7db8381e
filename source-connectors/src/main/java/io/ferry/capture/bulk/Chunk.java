package io.ferry.capture.bulk;

import java.util.List;

/**
 * A range of one table's keys, lower bound included, upper bound excluded (null: unbounded), in the source's own key
 * order. A table's chunks are numbered from 0 in key order and cover every possible key without overlap, so a row
 * written after the plan was made still falls in exactly one chunk.
 *
 * @param lower the key values of the lower bound as the source prints them (binary as base64), or null
 * @param upper the same for the upper bound, or null
 */
public record Chunk(int no, List<String> lower, List<String> upper) {

    public Chunk {
        lower = lower == null ? null : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(lower));
        upper = upper == null ? null : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(upper));
    }

    @Override
    public String toString() {
        return "#" + no + " [" + (lower == null ? "-inf" : lower) + ", " + (upper == null ? "+inf" : upper) + ")";
    }
}
