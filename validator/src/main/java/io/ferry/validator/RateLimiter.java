package io.ferry.validator;

import java.util.function.LongSupplier;

/**
 * Keeps the rows read per second from a side at or under a limit, to protect a production source:
 * each read of n rows pushes the next allowed start n/limit seconds further.
 */
final class RateLimiter {

    /** Waits a number of nanoseconds. */
    interface Sleeper {
        void sleep(long nanos) throws InterruptedException;
    }

    private final long rowsPerSecond;
    private final LongSupplier clock;
    private final Sleeper sleeper;
    private long nextFreeNanos;

    /** @param rowsPerSecond 0 for no limit */
    RateLimiter(long rowsPerSecond) {
        this(rowsPerSecond, System::nanoTime, nanos -> Thread.sleep(nanos / 1_000_000L, (int) (nanos % 1_000_000L)));
    }

    RateLimiter(long rowsPerSecond, LongSupplier clock, Sleeper sleeper) {
        this.rowsPerSecond = rowsPerSecond;
        this.clock = clock;
        this.sleeper = sleeper;
        this.nextFreeNanos = clock.getAsLong();
    }

    /** Waits until n more rows may be read. */
    void acquire(long rows) throws InterruptedException {
        if (rowsPerSecond <= 0 || rows <= 0) {
            return;
        }
        long wait;
        synchronized (this) {
            long now = clock.getAsLong();
            long start = Math.max(now, nextFreeNanos);
            nextFreeNanos = start + rows * 1_000_000_000L / rowsPerSecond;
            wait = start - now;
        }
        if (wait > 0) {
            sleeper.sleep(wait);
        }
    }
}
