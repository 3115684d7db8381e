package io.ferry.orchestrator.lag;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Readiness on lag: satisfied once the overall p99 lag (or the max, if so configured) has stayed under a threshold (default 2 s) for a hold time
 * (default 30 s). The gate is asked, not fed: each {@link #evaluate} is one observation, and the hold time runs from
 * the first observation under the threshold after the last one that was not. The window behind the p99 (60 s by
 * default) remembers a spike between two observations, so asking every second or so is enough.
 *
 * <p>An idle pipeline (no change applied in the window) counts as lag 0 when the target has reached the source's
 * head: nothing is waiting, so a freeze now would drain at once. Without that (an applier that is stuck, the
 * snapshot still running, or a head that could not be read) an empty window is not ready and restarts the hold
 * time: silence alone does not prove the applier keeps up.
 *
 * <p>Pure and thread-safe; time is passed in.
 */
public final class LagGate {

    /** Which figure of the overall window is held under the threshold. */
    public enum Measure {
        /** The 99th percentile: a few slow rows (a large transaction) do not hold a cutover back. */
        P99("p99"),
        /** The maximum: the strictest reading, for those who want every row under the threshold. */
        MAX("max");

        private final String label;

        Measure(String label) {
            this.label = label;
        }

        long of(LagStats stats) {
            return this == P99 ? stats.p99Millis() : stats.maxMillis();
        }
    }

    /** The gate's settings: {@code measure} (p99 by default) must stay under {@code threshold} for {@code hold}. */
    public record Settings(Duration threshold, Duration hold, Measure measure) {

        public static final Settings DEFAULTS = new Settings(Duration.ofSeconds(2), Duration.ofSeconds(30));

        public Settings(Duration threshold, Duration hold) {
            this(threshold, hold, Measure.P99);
        }

        public Settings {
            Objects.requireNonNull(measure, "measure");
            if (threshold.isNegative() || threshold.isZero()) {
                throw new IllegalArgumentException("lag threshold must be positive, got " + threshold);
            }
            if (hold.isNegative()) {
                throw new IllegalArgumentException("lag hold time must not be negative, got " + hold);
            }
        }
    }

    /** Whether the gate is satisfied, and why (or why not) in one sentence. */
    public record Result(boolean ok, String reason) {
    }

    private final Settings settings;
    private long underSinceMillis = Long.MIN_VALUE;

    public LagGate() {
        this(Settings.DEFAULTS);
    }

    public LagGate(Settings settings) {
        this.settings = settings;
    }

    public Settings settings() {
        return settings;
    }

    /**
     * @param nowMillis   the time of this observation
     * @param overall     the overall lag window at {@code nowMillis} ({@link TableLags#overall})
     * @param headReached whether the target has every change the source had (e.g. {@code PipelineStatus.caughtUp()});
     *                    consulted only when the window is empty
     */
    public synchronized Result evaluate(long nowMillis, LagStats overall, boolean headReached) {
        long threshold = settings.threshold().toMillis();
        String label = settings.measure().label;
        long lag;
        if (overall.samples() == 0) {
            if (!headReached) {
                underSinceMillis = Long.MIN_VALUE;
                return new Result(false, "no change applied yet in the window and the target has not reached the source's head");
            }
            lag = 0;
        } else {
            lag = settings.measure().of(overall);
        }
        if (lag >= threshold) {
            underSinceMillis = Long.MIN_VALUE;
            return new Result(false, String.format(Locale.ROOT, "lag %s %s %s the %s threshold", label, seconds(lag),
                    lag == threshold ? "has reached" : "is over", seconds(threshold)));
        }
        if (underSinceMillis == Long.MIN_VALUE || nowMillis < underSinceMillis) {
            underSinceMillis = nowMillis;
        }
        long held = nowMillis - underSinceMillis;
        long hold = settings.hold().toMillis();
        String what = overall.samples() == 0 ? "no change in the window, target at the source's head" : "lag " + label + " " + seconds(lag);
        if (held >= hold) {
            return new Result(true, String.format(Locale.ROOT, "%s: under the %s threshold for %d s (%d s required)", what,
                    seconds(threshold), held / 1000, hold / 1000));
        }
        return new Result(false, String.format(Locale.ROOT, "lag has been under %s for %d s of the %d s required", seconds(threshold),
                held / 1000, hold / 1000));
    }

    private static String seconds(long millis) {
        return LagStats.seconds(millis);
    }
}
