package io.ferry.orchestrator.observe;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** Lag samples (time, seconds) over a sliding window, for the status page's chart. Pure; thread-safe. */
public final class LagSeries {

    /** One sample; {@code seconds} is null when lag was not known then. */
    public record Point(long atMillis, Double seconds) {
    }

    private final long windowMillis;
    private final Deque<Point> points = new ArrayDeque<>();

    public LagSeries(long windowMillis) {
        this.windowMillis = windowMillis;
    }

    public synchronized void add(long atMillis, Double seconds) {
        points.addLast(new Point(atMillis, seconds));
        while (!points.isEmpty() && points.peekFirst().atMillis() < atMillis - windowMillis) {
            points.removeFirst();
        }
    }

    public synchronized List<Point> points() {
        return new ArrayList<>(points);
    }
}
