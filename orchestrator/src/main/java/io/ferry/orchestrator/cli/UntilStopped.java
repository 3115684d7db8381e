package io.ferry.orchestrator.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Holds a command that runs as a service (the coordinator, the validator with --serve) until SIGTERM, then lets
 * the resources of its try-with-resources close before the JVM exits, for at most a bound. Open it first in the
 * try so that it closes last:
 * <pre>{@code try (UntilStopped until = new UntilStopped("coordinator", bound); Server s = ...) { until.await(); } }</pre>
 */
final class UntilStopped implements AutoCloseable {

    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread hook;

    UntilStopped(String name, Duration bound) {
        hook = new Thread(() -> {
            long started = System.nanoTime();
            stop.countDown();
            try {
                if (closed.await(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                    System.err.println(name + " stopped in " + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms");
                } else {
                    System.err.println(name + " did not stop within " + bound.toSeconds() + " s; exiting anyway");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name + "-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Blocks until the process is asked to stop. */
    void await() throws InterruptedException {
        stop.await();
    }

    @Override
    public void close() {
        closed.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running and waits for this close
        }
    }
}
