package io.ferry.core.fault;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Named places where a crash test can make this process die at once, as {@code kill -9} would:
 * {@link Runtime#halt} skips every shutdown hook and close. Armed only by the system property
 * {@code ferry.fault=<point>[@<hit>]} (die on the given hit of the point, default the first);
 * unarmed, a point costs one string comparison.
 */
public final class FaultPoints {

    private final String armed;
    private final int onHit;
    private final AtomicInteger hits = new AtomicInteger();

    public FaultPoints(String spec) {
        if (spec == null || spec.isBlank()) {
            armed = null;
            onHit = 0;
        } else {
            int at = spec.indexOf('@');
            armed = at < 0 ? spec : spec.substring(0, at);
            onHit = at < 0 ? 1 : Integer.parseInt(spec.substring(at + 1));
        }
    }

    public static FaultPoints fromSystemProperty() {
        return new FaultPoints(System.getProperty("ferry.fault"));
    }

    public boolean isArmed(String point) {
        return point.equals(armed);
    }

    public void reached(String point) {
        if (point.equals(armed) && hits.incrementAndGet() == onHit) {
            System.err.println("ferry: fault injected at " + point + ", halting");
            System.err.flush();
            Runtime.getRuntime().halt(137);
        }
    }
}
