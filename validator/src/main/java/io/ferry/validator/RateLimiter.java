package io.ferry.validator;

/**
 * Keeps the rows read per second from a side at or under a limit, to protect a production source:
 * each read of n rows pushes the next allowed start n/limit seconds further.
 */
final class RateLimiter {

    private final long rowsPerSecond;
    private long nextFreeNanos = System.nanoTime();

    /** @param rowsPerSecond 0 for no limit */
    RateLimiter(long rowsPerSecond) {
        this.rowsPerSecond = rowsPerSecond;
    }

    /** Waits until n more rows may be read. */
    void acquire(long rows) throws InterruptedException {
        if (rowsPerSecond <= 0 || rows <= 0) {
            return;
        }
        long wait;
        synchronized (this) {
            long now = System.nanoTime();
            long start = Math.max(now, nextFreeNanos);
            nextFreeNanos = start + rows * 1_000_000_000L / rowsPerSecond;
            wait = start - now;
        }
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
        }
    }
}
