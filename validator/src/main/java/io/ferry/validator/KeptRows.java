package io.ferry.validator;

import io.ferry.validator.sql.RowHash;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows' keys and hashes (and key buckets, {@link KeyBuckets}) of a range the validator hashed itself, in reading
 * order, kept compact: a map is built only for a range that differs. At most {@code limit} rows: a range with more is
 * bisected rather than compared row by row, so none is kept for it.
 */
final class KeptRows {
    private final int limit;
    private final RowHash kind;
    private final List<List<String>> keys = new ArrayList<>();
    private long[] digests = new long[2 * 1024];
    private int[] buckets = new int[1024];
    private boolean over;

    KeptRows(int limit) {
        this(limit, RowHash.MD5);
    }

    KeptRows(int limit, RowHash kind) {
        this.limit = limit;
        this.kind = kind;
    }

    /** Whether the rows were kept (not more than the limit). */
    boolean kept() {
        return !over;
    }

    void add(List<String> key, byte[] md5) {
        ByteBuffer b = ByteBuffer.wrap(md5);
        add(key, b.getLong(), b.getLong(), 0);
    }

    /** A row's hash (an MD5's two halves, or lookup3 and 0) and its key's bucket. */
    void add(List<String> key, long high, long low, int bucket) {
        if (over || keys.size() == limit) {
            over = true;
            keys.clear();
            digests = new long[0];
            buckets = new int[0];
            return;
        }
        int n = keys.size();
        if (n == buckets.length) {
            digests = Arrays.copyOf(digests, 4 * n);
            buckets = Arrays.copyOf(buckets, 2 * n);
        }
        digests[2 * n] = high;
        digests[2 * n + 1] = low;
        buckets[n] = bucket;
        keys.add(key);
    }

    /** Each row's hash (hex digits, as {@link RangeReader#rowHashes} gives it) by key. */
    Map<List<String>, String> byKey() {
        return byKey(null);
    }

    /** As {@link #byKey()}, only the rows of the given key buckets (in order; null for all). */
    Map<List<String>, String> byKey(int[] only) {
        Map<List<String>, String> m = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            if (only == null || Arrays.binarySearch(only, buckets[i]) >= 0) {
                m.put(keys.get(i), kind.hex(digests[2 * i], digests[2 * i + 1]));
            }
        }
        return m;
    }
}
