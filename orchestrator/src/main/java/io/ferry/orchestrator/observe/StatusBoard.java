package io.ferry.orchestrator.observe;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.ferry.apply.ApplierStats;
import io.ferry.apply.ParkedRecord;
import io.ferry.capture.CaptureStats;
import io.ferry.capture.SourceTables;
import io.ferry.core.config.PipelineConfig;
import io.ferry.core.schema.TableId;
import io.ferry.orchestrator.cutover.Coordinator;
import io.ferry.orchestrator.cutover.ReadinessSampler;
import io.ferry.orchestrator.dlq.PipelineDeadLetters;
import io.ferry.orchestrator.migration.Connections;
import io.ferry.orchestrator.migration.MigrationStore;
import io.ferry.orchestrator.migration.ReadinessGate;
import io.ferry.orchestrator.migration.ReadinessSignals;
import io.ferry.orchestrator.migration.Refusal;
import io.ferry.orchestrator.migration.Transition;
import io.ferry.validator.TableReport;
import io.ferry.validator.service.ValidatorMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The status page's data, refreshed once a second on its own thread: phase and history, the copy's progress per
 * table with an ETA, a 15-minute lag series, applied rows per second, dead letters with their latest reasons, the
 * last validation and the last cutover's timeline. The page polls {@link #json()}; the coordinator's meters read the
 * same snapshot ({@link #latest()}), so a scrape never touches a database.
 *
 * <p>Capture's and the applier's statistics are there only when they run in this process ({@code ferry run});
 * against separate services the lag and dead letters come from the readiness sampler alone.
 */
public final class StatusBoard implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(StatusBoard.class);
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final long LAG_WINDOW_MS = Duration.ofMinutes(15).toMillis();

    /** Parts that run in this process, or null. */
    public record LocalParts(CaptureStats capture, ApplierStats applier) {
        public static final LocalParts NONE = new LocalParts(null, null);
    }

    private final PipelineConfig config;
    private final Supplier<Coordinator> coordinator;
    private final MigrationStore store;
    private final ReadinessSampler readiness;
    private final ReadinessGate gate;
    private final LocalParts local;
    private final ValidatorMetrics validations;
    private final PipelineDeadLetters deadLetters;
    private final LagSeries lag = new LagSeries(LAG_WINDOW_MS);
    private final RateMeter appliedRate = new RateMeter(10_000);
    private final RateMeter copyRate = new RateMeter(30_000);
    private volatile Map<TableId, Long> estimates = Map.of();
    private volatile long estimatesAt;
    private volatile List<Map<String, Object>> latestDeadLetters = List.of();
    private volatile long deadLettersAt;
    private volatile Map<String, Object> latest = Map.of();
    private final List<Runnable> afterRefresh = new java.util.concurrent.CopyOnWriteArrayList<>();

    public StatusBoard(PipelineConfig config, Supplier<Coordinator> coordinator, MigrationStore store, ReadinessSampler readiness,
            LocalParts local, ValidatorMetrics validations, Connections target) {
        this.config = config;
        this.coordinator = coordinator;
        this.store = store;
        this.readiness = readiness;
        this.gate = new ReadinessGate(Duration.ofMillis(config.cutover().lagThresholdMs()), Duration.ofMillis(config.cutover().lagSteadyMs()));
        this.local = local == null ? LocalParts.NONE : local;
        this.validations = validations;
        this.deadLetters = new PipelineDeadLetters(config, target, Duration.ofSeconds(5));
    }

    @Override
    public void run() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                refresh(System.currentTimeMillis());
            } catch (Exception e) {
                LOG.debug("status board: {}", e.getMessage());
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Runs {@code r} after each refresh (on the board's thread). */
    public void afterRefresh(Runnable r) {
        afterRefresh.add(r);
    }

    /** The newest snapshot (empty before the first refresh). */
    public Map<String, Object> latest() {
        return latest;
    }

    public String json() throws com.fasterxml.jackson.core.JsonProcessingException {
        return JSON.writeValueAsString(latest);
    }

    /** The newest finished validation's report as JSON, or null. */
    public String validationReportJson() {
        ValidatorMetrics.Finished f = validations.lastFinished();
        return f == null ? null : f.report().json();
    }

    void refresh(long now) throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        Coordinator c = coordinator.get();
        if (c != null) {
            m.putAll(c.status());
            List<Map<String, Object>> history = new ArrayList<>();
            for (Transition t : store.log(config.name(), 50)) {
                Map<String, Object> h = new LinkedHashMap<>();
                h.put("from", t.from() == null ? null : t.from().name());
                h.put("to", t.to().name());
                h.put("reason", t.reason());
                h.put("actor", t.actor());
                h.put("at", t.at().toString());
                history.add(h);
            }
            m.put("history", history);
        } else {
            m.put("name", config.name());
        }
        ReadinessSignals signals = readiness == null ? null : readiness.latest();
        Double lagSeconds = signals == null || signals.lag() == null ? null : signals.lag().toMillis() / 1000.0;
        lag.add(now, lagSeconds);
        Map<String, Object> lagOut = new LinkedHashMap<>();
        lagOut.put("seconds", lagSeconds);
        lagOut.put("windowSeconds", LAG_WINDOW_MS / 1000);
        lagOut.put("points", lag.points().stream().filter(p -> p.seconds() != null).map(p -> List.of(p.atMillis(), p.seconds())).toList());
        m.put("lag", lagOut);
        List<Map<String, String>> refusals = new ArrayList<>();
        if (signals != null) {
            for (Refusal r : gate.refusals(signals)) {
                refusals.add(ordered("code", r.code().wireName(), "reason", r.reason()));
            }
        }
        m.put("readiness", ordered("measured", signals != null, "ready", signals != null && refusals.isEmpty(), "refusals", refusals));
        m.put("copy", copy(now));
        m.put("deadLetters", deadLetters(now, signals));
        m.put("validation", validation());
        m.put("now", now);
        latest = m;
        afterRefresh.forEach(Runnable::run);
    }

    private Map<String, Object> copy(long now) {
        Map<String, Object> out = new LinkedHashMap<>();
        CaptureStats capture = local.capture();
        ApplierStats applier = local.applier();
        out.put("known", capture != null);
        Map<TableId, Long> applied = applier == null ? Map.of() : applier.appliedRows();
        long appliedTotal = applied.values().stream().mapToLong(Long::longValue).sum();
        appliedRate.add(now, appliedTotal);
        out.put("appliedRowsPerSecond", Math.round(appliedRate.perSecond() * 10) / 10.0);
        out.put("appliedRows", appliedTotal);
        if (capture == null) {
            out.put("tables", List.of());
            return out;
        }
        boolean streaming = capture.streaming();
        if (estimatesAt == 0 || (!streaming && now - estimatesAt > 60_000)) {
            estimatesAt = now;
            try {
                estimates = SourceRowEstimates.read(config.source(), SourceTables.selected(config));
            } catch (Exception e) {
                LOG.debug("status board: cannot estimate source rows: {}", e.getMessage());
            }
        }
        Map<TableId, Long> snapshot = capture.snapshotRows();
        long done = snapshot.values().stream().mapToLong(Long::longValue).sum();
        copyRate.add(now, done);
        double rate = copyRate.perSecond();
        Map<TableId, Long> all = new TreeMap<>(estimates);
        snapshot.keySet().forEach(t -> all.putIfAbsent(t, 0L));
        List<Map<String, Object>> tables = new ArrayList<>();
        long total = 0;
        for (var e : all.entrySet()) {
            long rows = snapshot.getOrDefault(e.getKey(), 0L);
            long estimate = Math.max(e.getValue(), rows);
            total += estimate;
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("table", e.getKey().toString());
            t.put("copiedRows", rows);
            t.put("sourceRows", estimate);
            t.put("appliedRows", applied.getOrDefault(e.getKey(), 0L));
            boolean finished = streaming || (estimate > 0 && rows >= estimate);
            t.put("percent", finished ? 100.0 : estimate == 0 ? 0.0 : Math.floor(1000.0 * rows / estimate) / 10);
            t.put("etaSeconds", finished ? null : RateMeter.etaSeconds(rows, estimate, rate));
            tables.add(t);
        }
        out.put("streaming", streaming);
        out.put("copiedRows", done);
        out.put("sourceRows", total);
        out.put("copyRowsPerSecond", Math.round(rate * 10) / 10.0);
        out.put("etaSeconds", streaming ? null : RateMeter.etaSeconds(done, total, rate));
        out.put("tables", tables);
        return out;
    }

    private Map<String, Object> deadLetters(long now, ReadinessSignals signals) {
        long count = signals == null ? 0 : signals.deadLetters();
        if (count > 0 && now - deadLettersAt > 10_000) {
            deadLettersAt = now;
            try {
                List<ParkedRecord> parked = new ArrayList<>(deadLetters.unreplayed());
                parked.sort(Comparator.comparingLong(ParkedRecord::parkedAtMillis).reversed());
                latestDeadLetters = parked.stream().limit(5).map(p -> {
                    Map<String, Object> d = new LinkedHashMap<>();
                    d.put("table", p.table());
                    d.put("reason", p.reason());
                    d.put("source", p.source().toString());
                    d.put("parkedAt", java.time.Instant.ofEpochMilli(p.parkedAtMillis()).toString());
                    return d;
                }).toList();
            } catch (Exception e) {
                LOG.debug("status board: cannot read the dead letters: {}", e.getMessage());
            }
        } else if (count == 0) {
            latestDeadLetters = List.of();
        }
        return ordered("count", count, "latest", latestDeadLetters);
    }

    private Map<String, Object> validation() {
        ValidatorMetrics.Finished f = validations.lastFinished();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("finished", f != null);
        if (f != null) {
            out.put("at", f.at().toString());
            out.put("clean", !f.report().hasDifferences());
            out.put("differences", f.report().differenceCount());
            out.put("elapsedMillis", f.report().elapsedMillis());
            out.put("reportUrl", "/api/v1/validation/report");
            List<Map<String, Object>> tables = new ArrayList<>();
            for (TableReport t : f.report().tables()) {
                tables.add(ordered("table", t.table(), "status", t.status().name(), "sourceRows", t.sourceRows(), "differences",
                        t.differences().size()));
            }
            out.put("tables", tables);
        }
        var p = validations.progress();
        if (p != null && (f == null || p.checkedRows() < p.totalRows())) {
            out.put("running", ordered("table", p.table(), "checkedRows", p.checkedRows(), "totalRows", p.totalRows()));
        }
        return out;
    }

    /** A map that keeps its keys in the order given, so the status JSON reads the same way every time. */
    private static <V> Map<String, V> ordered(Object... keysAndValues) {
        Map<String, V> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            @SuppressWarnings("unchecked")
            V v = (V) keysAndValues[i + 1];
            m.put((String) keysAndValues[i], v);
        }
        return m;
    }
}
