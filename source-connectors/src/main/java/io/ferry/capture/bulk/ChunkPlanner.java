package io.ferry.capture.bulk;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Splits a table into chunks of about the same number of rows from its keys in key order: every {@code chunkRows}-th
 * key starts a new chunk. Counting keys rather than dividing the key space keeps chunks balanced whatever the keys
 * are: composite, strings, dense, or with large gaps and skew.
 */
public final class ChunkPlanner {

    private ChunkPlanner() {
    }

    /**
     * @param orderedKeys every key of the table in the source's key order (one pass)
     * @param chunkRows   rows per chunk, at least 1
     * @return the chunks, first lower and last upper bound unbounded; one unbounded chunk for an empty or small table
     */
    public static List<Chunk> plan(Iterator<List<String>> orderedKeys, long chunkRows) {
        if (chunkRows < 1) {
            throw new IllegalArgumentException("chunkRows must be at least 1, not " + chunkRows);
        }
        List<List<String>> bounds = new ArrayList<>();
        long seen = 0;
        while (orderedKeys.hasNext()) {
            List<String> key = orderedKeys.next();
            if (seen > 0 && seen % chunkRows == 0) {
                bounds.add(key);
            }
            seen++;
        }
        List<Chunk> chunks = new ArrayList<>(bounds.size() + 1);
        List<String> lower = null;
        for (List<String> bound : bounds) {
            chunks.add(new Chunk(chunks.size(), lower, bound));
            lower = bound;
        }
        chunks.add(new Chunk(chunks.size(), lower, null));
        return chunks;
    }
}
