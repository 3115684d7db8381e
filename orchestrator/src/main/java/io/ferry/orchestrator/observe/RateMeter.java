package io.ferry.orchestrator.observe;

import java.util.ArrayDeque;
import java.util.Deque;

/** The rate of a growing count over the last few samples (rows per second), and an ETA to a total. Pure; thread-safe. */
public final class RateMeter {

    private record Sample(long atMillis, long count) {
    }

    private final long windowMillis;
    private final Deque<Sample> samples = new ArrayDeque<>();

    public RateMeter(long windowMillis) {
        this.windowMillis = windowMillis;
    }

    public synchronized void add(long atMillis, long count) {
        samples.addLast(new Sample(atMillis, count));
        while (samples.size() > 2 && samples.peekFirst().atMillis() < atMillis - windowMillis) {
            samples.removeFirst();
        }
    }

    /** Per second over the window; 0 with fewer than two samples. */
    public synchronized double perSecond() {
        if (samples.size() < 2) {
            return 0;
        }
        Sample first = samples.peekFirst();
        Sample last = samples.peekLast();
        long ms = last.atMillis() - first.atMillis();
        return ms <= 0 ? 0 : (last.count() - first.count()) * 1000.0 / ms;
    }

    /** Seconds until {@code total} at the current rate; null when there is no rate or nothing is left. */
    public static Long etaSeconds(long done, long total, double perSecond) {
        if (perSecond <= 0 || total <= done) {
            return null;
        }
        return (long) Math.ceil((total - done) / perSecond);
    }
}
