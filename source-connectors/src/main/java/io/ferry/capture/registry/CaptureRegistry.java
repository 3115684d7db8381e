package io.ferry.capture.registry;

import io.ferry.capture.CaptureService;
import io.ferry.capture.registry.CaptureReconciler.Action;
import io.ferry.core.config.ConfigProblem;
import io.ferry.core.config.Connectors;
import io.ferry.core.config.PipelineConfig;
import io.ferry.core.config.PipelineRegistry;
import io.ferry.core.config.ServiceDefaults;
import io.ferry.core.metrics.Health;
import io.ferry.core.service.RunningService;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Capture for every pipeline file of a folder ({@code ferry capture --pipelines config/pipelines --connectors
 * config/connectors}). Polls both folders every {@code pollInterval}: when a file was added, changed or removed
 * (a digest of the folders' names and contents differs), it reads them again and carries out what
 * {@link CaptureReconciler} decides, so an engine starts, restarts or stops at most one poll interval plus the
 * time of a read after its file changed, without a restart of the process. A broken file is logged with file,
 * line and key; it never stops the other pipelines, and one that was running keeps running on its last good config.
 */
public final class CaptureRegistry implements RunningService {

    private static final Logger LOG = LoggerFactory.getLogger(CaptureRegistry.class);

    /** How often the folders are looked at unless told otherwise. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(2);

    private final Path pipelines;
    private final Path connectors;
    private final Duration pollInterval;
    private final Function<String, String> env;
    private final BiFunction<PipelineConfig, PipelineConfig, CaptureService> services;
    private final Map<String, RegistryEngine> engines = new ConcurrentHashMap<>();
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ferry-capture-registry");
        t.setDaemon(true);
        return t;
    });
    private String fingerprint;
    private volatile List<PipelineRegistry.Entry> lastScan = List.of();
    private volatile Map<String, List<ConfigProblem>> problems = Map.of();
    private volatile boolean closed;

    public CaptureRegistry(Path pipelines, Path connectors, Duration pollInterval, Function<String, String> env) {
        this(pipelines, connectors, pollInterval, env, CaptureService::new);
    }

    CaptureRegistry(Path pipelines, Path connectors, Duration pollInterval, Function<String, String> env,
                    BiFunction<PipelineConfig, PipelineConfig, CaptureService> services) {
        this.pipelines = pipelines;
        this.connectors = connectors;
        this.pollInterval = pollInterval;
        this.env = env;
        this.services = services;
    }

    /** Reads the folders once now, starts what they hold, and keeps watching them in the background. */
    public CaptureRegistry start() {
        LOG.info("capture registry: watching pipeline files in {} and connectors in {} (every {} ms)", pipelines, connectors,
                pollInterval.toMillis());
        poll();
        loop.scheduleWithFixedDelay(this::poll, pollInterval.toMillis(), pollInterval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** One look at the folders; never throws, so one bad poll does not end the watch. */
    synchronized void poll() {
        if (closed) {
            return;
        }
        try {
            engines.values().forEach(RegistryEngine::checkFailure);
            long nowNanos = System.nanoTime();
            boolean retryDue = engines.values().stream().anyMatch(e -> e.retryDue(nowNanos));
            String now = FolderFingerprint.of(List.of(pipelines, connectors));
            if (now.equals(fingerprint) && !retryDue) {
                return;
            }
            fingerprint = now;
            reconcile();
        } catch (RuntimeException e) {
            LOG.error("capture registry: reading {} and {} failed: {}; the engines run on as they were", pipelines, connectors,
                    e.getMessage(), e);
        }
    }

    private void reconcile() {
        List<PipelineRegistry.Entry> entries;
        try {
            entries = PipelineRegistry.scan(pipelines, Connectors.in(connectors, env), env);
        } catch (IOException e) {
            LOG.error("capture registry: {}; the engines run on as they were", e.getMessage());
            return;
        }
        Map<String, CaptureReconciler.Running> running = new TreeMap<>();
        long nowNanos = System.nanoTime();
        engines.forEach((file, engine) -> running.put(file, new CaptureReconciler.Running(engine.config(),
                engine.state() == EngineState.FAILED, engine.retryDue(nowNanos))));
        Map<String, List<ConfigProblem>> found = new LinkedHashMap<>();
        for (Action action : CaptureReconciler.plan(entries, running)) {
            carryOut(action, found);
        }
        lastScan = entries;
        problems = Map.copyOf(found);
    }

    private void carryOut(Action action, Map<String, List<ConfigProblem>> found) {
        if (action instanceof CaptureReconciler.Start start) {
            LOG.info("capture registry: pipeline file {}: starting capture of pipeline {} (tables {})", start.file(),
                    start.config().name(), start.config().tables().include());
            RegistryEngine engine = engines.get(start.file());
            if (engine != null) {
                engine.restart(start.config());
            } else {
                engines.put(start.file(), new RegistryEngine(start.file(), start.config(), services));
            }
        } else if (action instanceof CaptureReconciler.Restart restart) {
            LOG.info("capture registry: pipeline file {} changed ({}): restarting capture of pipeline {} (tables {})",
                    restart.file(), String.join(", ", restart.changed()), restart.config().name(), restart.config().tables().include());
            engines.get(restart.file()).restart(restart.config());
        } else if (action instanceof CaptureReconciler.Retry retry) {
            LOG.info("capture registry: pipeline file {}: starting capture of pipeline {} again after its failure", retry.file(),
                    retry.config().name());
            engines.get(retry.file()).restart(retry.config());
        } else if (action instanceof CaptureReconciler.Stop stop) {
            LOG.info("capture registry: pipeline file {} was removed: stopping capture of pipeline {}", stop.file(), stop.pipeline());
            RegistryEngine engine = engines.remove(stop.file());
            Duration bound = Duration.ofMillis(engine.config().capture().shutdownTimeoutMs());
            if (!engine.stop(bound)) {
                LOG.warn("capture registry: capture of pipeline {} did not stop within {} ms; left to finish in the background",
                        stop.pipeline(), bound.toMillis());
            }
        } else if (action instanceof CaptureReconciler.KeepLastGood keep) {
            found.put(keep.file(), keep.problems());
            if (!keep.problems().equals(problems.get(keep.file()))) {
                LOG.error("capture registry: pipeline file {} is broken; capture of pipeline {} keeps running on its last good config:\n{}",
                        keep.file(), keep.pipeline(), format(keep.problems()));
            }
        } else if (action instanceof CaptureReconciler.Report report) {
            found.put(report.file(), report.problems());
            if (!report.problems().equals(problems.get(report.file()))) {
                LOG.error("capture registry: pipeline file {} is broken; nothing runs for it:\n{}", report.file(), format(report.problems()));
            }
        }
    }

    private static String format(List<ConfigProblem> problems) {
        return problems.stream().map(p -> "  " + p.format()).collect(Collectors.joining("\n"));
    }

    /** Every pipeline file the last read found or an engine runs for, by file name. */
    public List<PipelineStatus> status() {
        Map<String, PipelineRegistry.Entry> scanned = new TreeMap<>();
        lastScan.forEach(e -> scanned.put(e.fileName(), e));
        Map<String, List<ConfigProblem>> broken = problems;
        List<PipelineStatus> out = new ArrayList<>();
        TreeSet<String> files = new TreeSet<>(scanned.keySet());
        files.addAll(engines.keySet());
        for (String file : files) {
            RegistryEngine engine = engines.get(file);
            PipelineRegistry.Entry entry = scanned.get(file);
            String pipeline = engine != null ? engine.config().name() : entry != null && entry.valid() ? entry.config().name() : null;
            out.add(new PipelineStatus(file, pipeline, engine != null ? engine.state() : null, engine != null ? engine.failure() : null,
                    broken.getOrDefault(file, List.of()), entry != null ? entry.connectors() : List.of(),
                    engine != null ? engine.config().tables().include() : List.of()));
        }
        return out;
    }

    /**
     * {@code ferry_capture_registry_pipelines{state}}: pipeline files by their engine's state, and {@code broken}
     * for broken files with nothing running; readiness {@code pipelines}: no engine has failed.
     */
    @Override
    public void bindMetrics(MeterRegistry registry, Health health) {
        for (EngineState state : EngineState.values()) {
            Gauge.builder("ferry.capture.registry.pipelines",
                            () -> status().stream().filter(p -> p.state() == state).count())
                    .tag("state", state.name().toLowerCase(Locale.ROOT))
                    .description("pipeline files of the capture registry by their engine's state").register(registry);
        }
        Gauge.builder("ferry.capture.registry.pipelines",
                        () -> status().stream().filter(p -> p.state() == null && !p.problems().isEmpty()).count())
                .tag("state", "broken").description("pipeline files of the capture registry by their engine's state").register(registry);
        health.add("pipelines", () -> {
            List<String> failed = status().stream().filter(p -> p.state() == EngineState.FAILED).map(PipelineStatus::file).toList();
            return failed.isEmpty() ? null : "capture failed for " + String.join(", ", failed);
        });
    }

    @Override
    public Throwable failure() {
        return null; // an engine fails alone; the registry runs on
    }

    @Override
    public Duration shutdownTimeout() {
        return engines.values().stream().map(e -> Duration.ofMillis(e.config().capture().shutdownTimeoutMs()))
                .max(Duration::compareTo).orElse(Duration.ofMillis(ServiceDefaults.SHUTDOWN_TIMEOUT_MS)).plusSeconds(2);
    }

    @Override
    public String inFlight() {
        return "the change events of the running engines read but not yet acknowledged by Kafka (each resumes from its stored offset)";
    }

    /** Stops the watch, then every engine at once, each within its {@code capture.shutdownTimeoutMs}. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        loop.shutdownNow();
        List<Thread> stops = new ArrayList<>();
        engines.forEach((file, engine) -> {
            Thread t = new Thread(() -> engine.stop(Duration.ofMillis(engine.config().capture().shutdownTimeoutMs())),
                    "ferry-capture-registry-stop-" + file);
            t.start();
            stops.add(t);
        });
        for (Thread t : stops) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        engines.clear();
    }
}
