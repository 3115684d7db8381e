package io.ferry.validator.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ferry.validator.Progress;
import io.ferry.validator.ValidationReport;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The validator as a service, over HTTP:
 * <ul>
 *   <li>{@code POST /runs} with a {@link RunRequest} as JSON (or no body) starts a run: 202 and {@code {"id": ...}};</li>
 *   <li>{@code GET /runs/{id}} gives its status (running, finished, failed) and progress (rows checked, total, ETA);</li>
 *   <li>{@code GET /runs/{id}/report} gives the report once finished (409 before);</li>
 *   <li>{@code GET /metrics} gives the validator's meters (docs/metrics.md) and the JVM's in Prometheus' text format;</li>
 *   <li>{@code GET /health/live} and {@code GET /health/ready} (the job's connections answer).</li>
 * </ul>
 * Errors name what went wrong; connection details and secrets never appear.
 */
public final class ValidatorServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ValidatorServer.class);
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final HttpServer http;
    private final ValidationJob job;
    private final ExecutorService runs = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ferry-validator-run");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, RunState> states = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final PrometheusMeterRegistry metrics = io.ferry.core.metrics.FerryRegistry.create();
    private final ValidatorMetrics meters = new ValidatorMetrics(metrics);

    private static final class RunState {
        final String id;
        volatile String status = "queued";
        volatile Progress progress;
        volatile ValidationReport report;
        volatile String error;

        RunState(String id) {
            this.id = id;
        }
    }

    /** @param port 0 for a free one */
    public ValidatorServer(String host, int port, ValidationJob job) throws IOException {
        this(host, port, job, new io.ferry.core.metrics.Health());
    }

    /**
     * @param port   0 for a free one
     * @param health the readiness checks {@code /health/ready} runs (the connections the job uses)
     */
    public ValidatorServer(String host, int port, ValidationJob job, io.ferry.core.metrics.Health health) throws IOException {
        this.job = job;
        this.http = HttpServer.create(new InetSocketAddress(host, port), 0);
        http.createContext("/runs", this::runs);
        io.ferry.core.metrics.ServiceEndpoint.mount(http, metrics, health);
        http.start();
        LOG.info("validator service listening on {}:{}", host, port());
    }

    public int port() {
        return http.getAddress().getPort();
    }

    private void runs(HttpExchange ex) throws IOException {
        try {
            String path = ex.getRequestURI().getPath();
            String[] parts = path.split("/");
            if (ex.getRequestMethod().equals("POST") && parts.length == 2) {
                byte[] body = ex.getRequestBody().readAllBytes();
                RunRequest request = body.length == 0 ? RunRequest.DEFAULTS : JSON.readValue(body, RunRequest.class);
                RunState state = new RunState("run-" + ids.incrementAndGet());
                states.put(state.id, state);
                runs.submit(() -> execute(state, request));
                send(ex, 202, Map.of("id", state.id, "status", state.status));
                return;
            }
            if (ex.getRequestMethod().equals("GET") && parts.length >= 3) {
                RunState state = states.get(parts[2]);
                if (state == null) {
                    send(ex, 404, Map.of("error", "no run " + parts[2]));
                } else if (parts.length == 3) {
                    send(ex, 200, status(state));
                } else if (parts.length == 4 && parts[3].equals("report")) {
                    if (state.report == null) {
                        send(ex, 409, Map.of("error", "run " + state.id + " is " + state.status));
                    } else {
                        sendRaw(ex, 200, state.report.json());
                    }
                } else {
                    send(ex, 404, Map.of("error", "unknown path " + path));
                }
                return;
            }
            send(ex, 405, Map.of("error", "use POST /runs, GET /runs/{id} or GET /runs/{id}/report"));
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            send(ex, 400, Map.of("error", "the request is not a valid run request: " + e.getOriginalMessage()));
        }
    }

    private void execute(RunState state, RunRequest request) {
        state.status = "running";
        try {
            state.report = job.run(request, p -> {
                state.progress = p;
                meters.started(p);
            });
            meters.finished(state.report);
            state.status = "finished";
        } catch (Exception | Error e) {
            state.error = e.getClass().getSimpleName() + ": " + e.getMessage();
            state.status = "failed";
            meters.failed();
            LOG.error("validation run {} failed", state.id, e);
        }
    }

    private static Map<String, Object> status(RunState s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id);
        m.put("status", s.status);
        Progress p = s.progress;
        if (p != null) {
            Map<String, Object> progress = new LinkedHashMap<>();
            progress.put("table", p.table());
            progress.put("checkedRows", p.checkedRows());
            progress.put("totalRows", p.totalRows());
            progress.put("segmentsDone", p.segmentsDone());
            progress.put("segmentsTotal", p.segmentsTotal());
            progress.put("etaSeconds", p.eta() == null ? null : p.eta().toSeconds());
            m.put("progress", progress);
        }
        if (s.report != null) {
            m.put("differences", s.report.differenceCount());
            m.put("equal", !s.report.hasDifferences());
        }
        if (s.error != null) {
            m.put("error", s.error);
        }
        return m;
    }

    private static void send(HttpExchange ex, int code, Object body) throws IOException {
        sendRaw(ex, code, JSON.writeValueAsString(body));
    }

    private static void sendRaw(HttpExchange ex, int code, String json) throws IOException {
        io.ferry.core.metrics.ServiceEndpoint.send(ex, code, "application/json", json);
    }

    @Override
    public void close() {
        http.stop(0);
        runs.shutdownNow();
        metrics.close();
    }
}
