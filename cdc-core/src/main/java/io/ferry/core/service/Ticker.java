package io.ferry.core.service;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls a task with the current time at a fixed interval on one daemon thread, for a service's
 * periodic log lines; a failing tick is logged and the next one runs. Closing stops it at once.
 */
public final class Ticker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Ticker.class);

    private final ScheduledExecutorService executor;

    private Ticker(String name, long intervalMillis, LongConsumer task) {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        executor.scheduleAtFixedRate(() -> {
            try {
                task.accept(System.currentTimeMillis());
            } catch (RuntimeException e) {
                LOG.warn("{} failed: {}", name, e.toString());
            }
        }, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    public static Ticker every(String name, long intervalMillis, LongConsumer task) {
        return new Ticker(name, intervalMillis, task);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
