package io.ferry.orchestrator.demo;

import io.ferry.orchestrator.migration.Routing;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What an application was told succeeded: per key, the last value it committed (or {@link #ABSENT} after a delete),
 * and when each write was acknowledged, to measure the pause it saw during a cutover. Thread-safe.
 */
public final class WriteLedger {

    /** The value of a key whose last acknowledged write deleted it. */
    public static final String ABSENT = "<absent>";

    private final Map<String, String> last = new ConcurrentHashMap<>();
    /** Keys whose last write's COMMIT failed with its outcome unknown (the session ended during it): that value too may be there. */
    private final Map<String, String> uncertain = new ConcurrentHashMap<>();
    private final AtomicLong onSource = new AtomicLong();
    private final AtomicLong onTarget = new AtomicLong();
    private long[] acks = new long[1024];
    private int ackCount;

    /** Records one acknowledged transaction: its key changes (value or {@link #ABSENT}), the side and the time. */
    public void acknowledge(Routing.Side side, Map<String, String> changes, long nanoTime) {
        last.putAll(changes);
        changes.keySet().forEach(uncertain::remove);
        (side == Routing.Side.TARGET ? onTarget : onSource).incrementAndGet();
        synchronized (this) {
            if (ackCount == acks.length) {
                acks = Arrays.copyOf(acks, acks.length * 2);
            }
            acks[ackCount++] = nanoTime;
        }
    }

    /**
     * Records a transaction whose COMMIT failed without telling whether it took effect (the server ended the session
     * during it, as a PostgreSQL freeze does): not acknowledged, but its values may be in the database as well, until a
     * later acknowledged write of the key.
     */
    public void uncertain(Map<String, String> changes) {
        uncertain.putAll(changes);
    }

    /**
     * {@link #mismatches} against this ledger, where a key whose last write's outcome is unknown may hold either its last
     * acknowledged value or that write's.
     */
    public List<String> mismatchesIn(Map<String, String> actual) {
        Map<String, String> maybe = Map.copyOf(uncertain);
        return mismatches(expected(), actual).stream().filter(m -> {
            String key = m.substring(0, m.indexOf(": expected "));
            return !(maybe.containsKey(key) && maybe.get(key).equals(actual.getOrDefault(key, ABSENT)));
        }).toList();
    }

    /** Keys whose last write's outcome is unknown. */
    public int uncertainCount() {
        return uncertain.size();
    }

    public long acknowledged() {
        return onSource.get() + onTarget.get();
    }

    public long acknowledgedOn(Routing.Side side) {
        return (side == Routing.Side.TARGET ? onTarget : onSource).get();
    }

    /** Each key's last acknowledged value. */
    public Map<String, String> expected() {
        return Map.copyOf(last);
    }

    /** The acknowledgement times, in order (System.nanoTime). */
    public synchronized long[] ackTimes() {
        return Arrays.copyOf(acks, ackCount);
    }

    /**
     * The acknowledged writes a side does not hold: each key whose value there (absent from {@code actual} when
     * the row is missing) differs from the last acknowledged one, as {@code key: expected X, found Y}, sorted.
     */
    public static List<String> mismatches(Map<String, String> expected, Map<String, String> actual) {
        List<String> out = new ArrayList<>();
        new TreeMap<>(expected).forEach((key, want) -> {
            String found = actual.getOrDefault(key, ABSENT);
            if (!want.equals(found)) {
                out.add(key + ": expected " + want + ", found " + found);
            }
        });
        return out;
    }

    /**
     * The longest time the application went without an acknowledged write around {@code [from, to]} (nanoTime):
     * the largest gap between consecutive acknowledgements that overlaps the window, whole. With no
     * acknowledgement before the window, the gap starts at {@code from}; with none after it, it ends at {@code to}.
     * In milliseconds.
     */
    public static long longestGapMillis(long[] acks, long from, long to) {
        if (to < from) {
            throw new IllegalArgumentException("the window ends (" + to + ") before it starts (" + from + ")");
        }
        long longest = 0;
        long previous = from;
        for (long a : acks) {
            if (a > from) {
                longest = Math.max(longest, a - previous);
                if (a >= to) {
                    return longest / 1_000_000L;
                }
            }
            previous = a;
        }
        return Math.max(longest, to - previous) / 1_000_000L;
    }

    /** The p-th percentile (0-100) of values, nearest rank; 0 for none. */
    public static long percentile(List<Long> values, double p) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Long> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }
}
