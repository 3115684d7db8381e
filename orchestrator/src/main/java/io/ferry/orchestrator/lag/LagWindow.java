package io.ferry.orchestrator.lag;

import java.time.Duration;
import java.util.Arrays;

/**
 * Lag samples (milliseconds) of a sliding time window, with nearest-rank percentiles and the exact maximum.
 *
 * <p>Memory is bounded whatever the rate: the window is cut into {@value #SLOTS} time slots, and each slot is a
 * histogram with fixed log-linear buckets (exact below 32 ms, then 16 buckets per power of two, so a bucket is at
 * most 1/16 of its value wide; values from 2^31 ms on share the last bucket). Every row is counted, none is kept:
 * at 50k rows/s a window holds 3M samples in at most {@code (SLOTS + 1) x 448} counters. A histogram was chosen over
 * a per-batch sample weighted by its row count because rows of one batch have different commit times, and over a
 * reservoir because a reservoir samples away exactly the rare slow rows that p99 and max are about. A percentile is
 * reported as the middle of its bucket (kept between the exact minimum and maximum, so a window of equal lags reports
 * that lag), within 1/32 of the true value.
 *
 * <p>Time is passed in ({@code nowMillis}) and never read here. Eviction is per slot: a sample stays in the window
 * at least the window's length and at most one slot longer ({@code window / SLOTS}, 2 s for the default 60 s), so a
 * spike is never forgotten early. A clock that goes back is treated as standing still. A slot's counters are
 * allocated when a sample first lands in it and released when it leaves the window, so an idle table costs nothing.
 * Thread-safe.
 */
public final class LagWindow {

    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(60);
    static final int SLOTS = 30;

    private static final int EXACT = 32;
    private static final int SUB_BUCKETS = 16;
    private static final long CLAMP = (1L << 31) - 1;
    static final int BUCKETS = index(CLAMP) + 1;

    private final long windowMillis;
    private final long slotMillis;
    private final Slot[] ring = new Slot[SLOTS + 1];
    private long latestMillis = Long.MIN_VALUE;

    private static final class Slot {
        long index = Long.MIN_VALUE;
        long[] counts;
        long total;
        long min;
        long max;
    }

    public LagWindow() {
        this(DEFAULT_WINDOW);
    }

    public LagWindow(Duration window) {
        if (window.toMillis() < 1) {
            throw new IllegalArgumentException("lag window must be at least 1 ms, got " + window);
        }
        this.windowMillis = window.toMillis();
        this.slotMillis = Math.max(1, (windowMillis + SLOTS - 1) / SLOTS);
        for (int i = 0; i < ring.length; i++) {
            ring[i] = new Slot();
        }
    }

    public long windowMillis() {
        return windowMillis;
    }

    /** One row applied at {@code nowMillis} with lag {@code lagMillis} (a negative lag, from clock skew, counts as 0). */
    public void record(long nowMillis, long lagMillis) {
        record(nowMillis, lagMillis, 1);
    }

    /** {@code count} rows applied at {@code nowMillis}, each with lag {@code lagMillis}. */
    public synchronized void record(long nowMillis, long lagMillis, long count) {
        if (count < 0) {
            throw new IllegalArgumentException("lag sample count must not be negative: " + count);
        }
        if (count == 0) {
            return;
        }
        long now = advance(nowMillis);
        long lag = Math.max(0, lagMillis);
        Slot s = slotAt(Math.floorDiv(now, slotMillis));
        s.counts[index(Math.min(lag, CLAMP))] += count;
        s.min = s.total == 0 ? lag : Math.min(s.min, lag);
        s.total += count;
        s.max = Math.max(s.max, lag);
    }

    /** Percentiles of the samples recorded in the window that ends at {@code nowMillis}. */
    public synchronized LagStats stats(long nowMillis) {
        long now = advance(nowMillis);
        long first = Math.floorDiv(now - windowMillis, slotMillis);
        long last = Math.floorDiv(now, slotMillis);
        long[] merged = new long[BUCKETS];
        long total = 0;
        long min = Long.MAX_VALUE;
        long max = 0;
        for (Slot s : ring) {
            if (s.index == Long.MIN_VALUE) {
                continue;
            }
            if (s.index < first || s.index > last) {
                evict(s);
                continue;
            }
            for (int i = 0; i < BUCKETS; i++) {
                merged[i] += s.counts[i];
            }
            total += s.total;
            min = Math.min(min, s.min);
            max = Math.max(max, s.max);
        }
        if (total == 0) {
            return LagStats.EMPTY;
        }
        return new LagStats(total, percentile(merged, total, min, max, 0.50), percentile(merged, total, min, max, 0.95),
                percentile(merged, total, min, max, 0.99), max);
    }

    /** Counters currently allocated (for the bounded-memory test). */
    synchronized long allocatedCounters() {
        return Arrays.stream(ring).filter(s -> s.counts != null).count() * BUCKETS;
    }

    private long advance(long nowMillis) {
        latestMillis = Math.max(latestMillis, nowMillis);
        return latestMillis;
    }

    private Slot slotAt(long index) {
        Slot s = ring[(int) Math.floorMod(index, (long) ring.length)];
        if (s.index != index) {
            if (s.counts == null) {
                s.counts = new long[BUCKETS];
            } else {
                Arrays.fill(s.counts, 0);
            }
            s.index = index;
            s.total = 0;
            s.min = 0;
            s.max = 0;
        }
        return s;
    }

    private static void evict(Slot s) {
        s.index = Long.MIN_VALUE;
        s.counts = null;
        s.total = 0;
        s.max = 0;
    }

    private static long percentile(long[] counts, long total, long min, long max, double q) {
        long rank = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return i < EXACT ? i : Math.max(min, Math.min(max, (lowerBound(i) + lowerBound(i + 1) - 1) / 2));
            }
        }
        return max;
    }

    static int index(long value) {
        if (value < EXACT) {
            return (int) value;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(value);
        int mantissa = (int) (value >>> (exponent - 4));
        return EXACT + (exponent - 5) * SUB_BUCKETS + (mantissa - SUB_BUCKETS);
    }

    static long lowerBound(int index) {
        if (index < EXACT) {
            return index;
        }
        int k = index - EXACT;
        int exponent = 5 + k / SUB_BUCKETS;
        long mantissa = SUB_BUCKETS + k % SUB_BUCKETS;
        return mantissa << (exponent - 4);
    }
}
