package io.ferry.capture.registry;

import io.ferry.capture.CaptureService;
import io.ferry.core.config.PipelineConfig;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The capture engine of one pipeline file. Starts and stops run on a thread of its own, one after the other, so a
 * start that waits for an unreachable server holds up neither the registry nor the other pipelines; a stop or a
 * restart meanwhile closes that start's service from outside, which ends its waits.
 */
final class RegistryEngine {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryEngine.class);

    private final String file;
    private final BiFunction<PipelineConfig, PipelineConfig, CaptureService> services;
    private final ExecutorService worker;
    private volatile PipelineConfig config;
    private volatile EngineState state = EngineState.STARTING;
    private volatile CaptureService service;
    private volatile boolean startInProgress;
    private volatile String failure;
    /** Failures in a row on the current config; a new config starts counting again. */
    private volatile int failures;
    private volatile long failedAtNanos;

    /** The first retry after a failure waits this long; each next one twice as long, up to {@link #MAX_BACKOFF}. */
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(10);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

    RegistryEngine(String file, PipelineConfig config, BiFunction<PipelineConfig, PipelineConfig, CaptureService> services) {
        this.file = file;
        this.config = config;
        this.services = services;
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ferry-capture-registry-" + file);
            t.setDaemon(true);
            return t;
        });
        PipelineConfig first = config;
        worker.execute(() -> startNow(first, null));
    }

    PipelineConfig config() {
        return config;
    }

    EngineState state() {
        return state;
    }

    /** Why the engine failed, while it is {@link EngineState#FAILED}. */
    String failure() {
        return state == EngineState.FAILED ? failure : null;
    }

    /** Stops the running engine (or abandons its start) and starts one on {@code next}. */
    synchronized void restart(PipelineConfig next) {
        CaptureService old = service;
        if (!next.equals(config)) {
            failures = 0;
        }
        // The same pipeline with other tables: its schema history must learn the tables that joined.
        PipelineConfig before = config.name().equals(next.name()) && !config.tables().equals(next.tables()) ? config : null;
        config = next;
        state = state.to(EngineState.STARTING);
        abortStart(old);
        worker.execute(() -> {
            closeQuietly(old);
            startNow(next, before);
        });
    }

    /** How long to wait before attempt {@code failures + 1} after {@code failures} failures in a row (at least 1). */
    static Duration backoff(int failures) {
        int doublings = Math.min(Math.max(failures, 1) - 1, 16);
        Duration wait = FIRST_BACKOFF.multipliedBy(1L << doublings);
        return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
    }

    /** Whether the engine failed and its next attempt is due at {@code nowNanos} ({@link System#nanoTime()}). */
    boolean retryDue(long nowNanos) {
        return state == EngineState.FAILED && nowNanos - failedAtNanos >= backoff(failures).toNanos();
    }

    /** How long until the next attempt, for the log. */
    Duration nextAttemptIn() {
        return backoff(failures);
    }

    /** Called by the registry on each poll: an engine that stopped on its own is closed and marked failed. */
    synchronized void checkFailure() {
        CaptureService s = service;
        if (state == EngineState.RUNNING && s != null && s.failure() != null) {
            markFailed(s.failure().getMessage());
            LOG.error("capture of pipeline {} (pipeline file {}) failed: {}; it starts again in {} s, or when its pipeline file or a "
                    + "connector it uses changes", config.name(), file, failure, nextAttemptIn().toSeconds());
            worker.execute(() -> closeQuietly(s));
        }
    }

    /** Stops the engine within {@code bound}; whether it did. */
    boolean stop(Duration bound) {
        CaptureService s;
        synchronized (this) {
            s = service;
            state = state.to(EngineState.STOPPED);
            abortStart(s);
            worker.execute(() -> closeQuietly(s));
            worker.shutdown();
        }
        try {
            return worker.awaitTermination(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void startNow(PipelineConfig c, PipelineConfig before) {
        if (state == EngineState.STOPPED || config != c) {
            return; // superseded before it began
        }
        CaptureService s = services.apply(c, before);
        service = s;
        startInProgress = true;
        try {
            s.start();
            synchronized (this) {
                if (config == c && state == EngineState.STARTING) {
                    state = state.to(EngineState.RUNNING);
                }
            }
        } catch (RuntimeException e) {
            synchronized (this) {
                if (config == c && state == EngineState.STARTING) {
                    markFailed(e.getMessage());
                    LOG.error("capture of pipeline {} (pipeline file {}) could not start: {}; it starts again in {} s, or when its "
                            + "pipeline file or a connector it uses changes", c.name(), file, e.getMessage(), nextAttemptIn().toSeconds());
                }
            }
            closeQuietly(s);
        } finally {
            startInProgress = false;
        }
    }

    private void markFailed(String why) {
        failure = why;
        failures++;
        failedAtNanos = System.nanoTime();
        state = state.to(EngineState.FAILED);
    }

    /** A start still in progress waits (for a broker, a source); closing its service ends the wait. */
    private void abortStart(CaptureService s) {
        if (startInProgress && s != null) {
            Thread t = new Thread(() -> closeQuietly(s), "ferry-capture-registry-abort-" + file);
            t.setDaemon(true);
            t.start();
        }
    }

    private void closeQuietly(CaptureService s) {
        if (s == null) {
            return;
        }
        try {
            s.close();
        } catch (RuntimeException e) {
            LOG.warn("closing capture of pipeline file {} failed: {}", file, e.getMessage());
        }
    }
}
