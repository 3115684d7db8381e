package io.ferry.core.service;

import io.ferry.core.config.ConfigException;
import io.ferry.core.config.ConfigLoader;
import io.ferry.core.config.PipelineConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import io.ferry.core.metrics.FerryRegistry;
import io.ferry.core.metrics.Health;
import io.ferry.core.metrics.ServiceEndpoint;

/**
 * The process around one service: load the pipeline file, start, stop cleanly on SIGTERM, and exit
 * with status 1 (and the reason on stderr) when the service fails on its own.
 *
 * <p>A stop is bounded: with the broker or a database gone, closing clients can block for minutes, so when
 * {@link RunningService#close()} has not returned within {@link RunningService#shutdownTimeout()} the process
 * says what it abandons and halts.
 *
 * <p>Once started, the service's meters and readiness are served on {@code /metrics}, {@code /health/live} and
 * {@code /health/ready} at the port {@code metricsPort} picks from the pipeline ({@code metrics.*}; -1 for none). Nothing is lost by that: every service resumes from positions committed
 * only after their data was safe.
 */
public final class ServiceMain {

    private ServiceMain() {
    }

    public static void run(String name, String[] args, ToIntFunction<PipelineConfig> metricsPort,
            Function<PipelineConfig, RunningService> start) throws InterruptedException {
        if (args.length != 1) {
            System.err.println("usage: " + name + " <pipeline.yaml>");
            System.exit(2);
        }
        PipelineConfig config;
        try {
            config = ConfigLoader.load(Path.of(args[0]));
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (config.kafka().isEmbedded()) {
            System.err.println(args[0] + ": kafka.bootstrapServers is not set: " + name + " runs as a separate service against an "
                    + "existing Kafka cluster; `ferry run` runs the whole pipeline with an embedded broker instead");
            System.exit(2);
            return;
        }
        AtomicReference<RunningService> running = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        // Registered before the start, which may wait for an unreachable server: a SIGTERM then ends the wait.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            RunningService service = running.get();
            if (service != null) {
                stopWithin(name, service);
            }
            done.countDown();
        }, name + "-shutdown"));
        RunningService service = start.apply(config);
        running.set(service);
        int port = metricsPort.applyAsInt(config);
        if (port >= 0) {
            var registry = FerryRegistry.create();
            Health health = new Health();
            service.bindMetrics(registry, health);
            try {
                ServiceEndpoint.serve(name, config.metrics().bind(), port, registry, health);
            } catch (java.io.IOException e) {
                // Monitoring must not stop the data: the service runs on, and says loudly what is missing.
                System.err.println(name + ": WARNING: cannot serve /metrics and /health on " + config.metrics().bind() + ":" + port
                        + " (metrics." + name + "Port; another process holds it?): " + e.getMessage()
                        + "; running without them");
            }
        }
        while (!done.await(1, TimeUnit.SECONDS)) {
            if (service.failure() != null) {
                System.err.println(name + " failed: " + service.failure().getMessage());
                System.exit(1);
            }
        }
    }

    /**
     * Runs a service that is not one pipeline file's (the capture registry of a pipeline folder) until SIGTERM,
     * then stops it within its {@link RunningService#shutdownTimeout()} as {@link #run} does.
     */
    public static void runUntilStopped(String name, java.util.function.Supplier<RunningService> start) throws InterruptedException {
        AtomicReference<RunningService> running = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            RunningService service = running.get();
            if (service != null) {
                stopWithin(name, service);
            }
            done.countDown();
        }, name + "-shutdown"));
        running.set(start.get());
        done.await();
    }

    /** Closes {@code service}, or gives up after its shutdown timeout, saying what was abandoned, and halts. */
    static void stopWithin(String name, RunningService service) {
        Duration timeout = service.shutdownTimeout();
        long started = System.nanoTime();
        Thread closer = new Thread(service::close, name + "-close");
        closer.setDaemon(true);
        closer.start();
        try {
            closer.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (closer.isAlive()) {
            String left = service.inFlight();
            System.err.println(name + " did not stop within " + timeout.toSeconds() + " s (shutdownTimeoutMs); exiting anyway"
                    + (left.isEmpty() ? "" : ", abandoning " + left)
                    + ". Nothing acknowledged is lost: the next start resumes from the last committed position.");
            System.err.flush();
            Runtime.getRuntime().halt(1);
        }
        System.err.println(name + " stopped in " + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms");
    }
}
