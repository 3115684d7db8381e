package io.ferry.orchestrator.lag;

import java.util.Locale;

/**
 * Lag percentiles of one window, in milliseconds. Percentiles are nearest-rank over the window's samples, within
 * the histogram's precision (see {@link LagWindow}); {@code maxMillis} is exact. All zero when {@code samples} is 0.
 *
 * @param samples   row changes in the window
 */
public record LagStats(long samples, long p50Millis, long p95Millis, long p99Millis, long maxMillis) {

    public static final LagStats EMPTY = new LagStats(0, 0, 0, 0, 0);

    public LagStats {
        if (samples < 0) {
            throw new IllegalArgumentException("lag sample count must not be negative: " + samples);
        }
    }

    /** "p50 0.3 s, p95 0.8 s, p99 1.2 s, max 1.9 s (1,234 changes)", or "no changes in the window". */
    public String describe() {
        if (samples == 0) {
            return "no changes in the window";
        }
        return String.format(Locale.ROOT, "p50 %s, p95 %s, p99 %s, max %s (%,d changes)", seconds(p50Millis), seconds(p95Millis),
                seconds(p99Millis), seconds(maxMillis), samples);
    }

    static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
