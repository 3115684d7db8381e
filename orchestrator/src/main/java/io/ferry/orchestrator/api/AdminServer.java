package io.ferry.orchestrator.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ferry.core.config.Secret;
import io.ferry.orchestrator.cutover.Coordinator;
import io.ferry.orchestrator.cutover.CutoverReport;
import io.ferry.orchestrator.migration.FencedException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's admin HTTP API:
 * <ul>
 *   <li>{@code GET /api/v1/migrations/{name}}: status (phase, epoch, routing, last transition, last cutover);</li>
 *   <li>{@code GET /api/v1/migrations/{name}/route}: {@code {"side": "source"|"target", "version": n}}, for
 *       applications to follow;</li>
 *   <li>{@code POST .../cutover} (with {@code ?dryRun=true} for the dry run), {@code POST .../abort},
 *       {@code POST .../complete}, {@code POST .../rollback} (with {@code ?dryRun=true} for the dry run): the report as
 *       JSON; 409 when refused.</li>
 * </ul>
 * Every POST needs {@code Authorization: Bearer <token>}, compared in constant time; without it, or with a wrong
 * one, 401. The token is never logged, echoed or put in an error. An optional {@code X-Ferry-Actor} header names
 * the person for the audit log.
 *
 * <p>With an {@link Observed}, it also serves the status page at {@code /} (static files from the jar),
 * {@code GET /api/v1/status} (the page's data, polled every second), {@code GET /api/v1/validation/report},
 * {@code /metrics}, {@code /health/live} and {@code /health/ready}: all read-only, no token needed.
 */
public final class AdminServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    public static final String PREFIX = "/api/v1/migrations/";

    private final HttpServer http;
    private final ExecutorService executor;
    private final Secret token;
    private final Function<String, Coordinator> migrations;

    /**
     * @param port       0 for a free one
     * @param token      the bearer token; an empty one refuses every mutating call
     * @param migrations the coordinator of a migration by name, or null when this process does not hold it
     */
    public AdminServer(String bind, int port, Secret token, Function<String, Coordinator> migrations) throws IOException {
        this(bind, port, token, migrations, null);
    }

    /** What the admin API shows besides the migration calls: the process's meters, its readiness and the status page's data. */
    public record Observed(io.micrometer.prometheusmetrics.PrometheusMeterRegistry registry, io.ferry.core.metrics.Health health,
                           io.ferry.orchestrator.observe.StatusBoard board) {
    }

    /** @param observed null serves only the migration calls */
    public AdminServer(String bind, int port, Secret token, Function<String, Coordinator> migrations, Observed observed) throws IOException {
        this.token = token;
        this.migrations = migrations;
        this.http = HttpServer.create(new InetSocketAddress(bind, port), 0);
        // Several threads: applications keep polling the route while a cutover request is being served.
        this.executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "ferry-admin-api");
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(executor);
        http.createContext("/api/v1/migrations", this::handle);
        if (observed != null) {
            io.ferry.core.metrics.ServiceEndpoint.mount(http, observed.registry(), observed.health());
            StatusPage page = new StatusPage(observed.board(), !token.isEmpty());
            http.createContext("/api/v1/status", page::status);
            http.createContext("/api/v1/validation/report", page::report);
            http.createContext("/", page::files);
        }
        http.start();
        LOG.info("admin API listening on {}:{}", bind, port());
    }

    public int port() {
        return http.getAddress().getPort();
    }

    private void fail(HttpExchange ex, Exception e) throws IOException {
        LOG.error("admin API call {} {} failed", ex.getRequestMethod(), ex.getRequestURI().getPath(), e);
        send(ex, 500, Map.of("error", e.getClass().getSimpleName() + ": " + Secret.mask(String.valueOf(e.getMessage()), java.util.List.of(token))));
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            String path = ex.getRequestURI().getPath();
            if (!path.startsWith(PREFIX)) {
                send(ex, 404, Map.of("error", "unknown path; use " + PREFIX + "{name}"));
                return;
            }
            String[] parts = path.substring(PREFIX.length()).split("/");
            String action = parts.length > 1 ? parts[1] : "";
            if (parts.length > 2 || parts[0].isEmpty()) {
                send(ex, 404, Map.of("error", "unknown path " + path));
                return;
            }
            String method = ex.getRequestMethod();
            boolean mutating = method.equals("POST");
            if (mutating && !authorised(ex)) {
                LOG.warn("refused {} {} from {}: missing or wrong bearer token", method, path, ex.getRemoteAddress().getAddress().getHostAddress());
                ex.getResponseHeaders().set("WWW-Authenticate", "Bearer");
                send(ex, 401, Map.of("error", token.isEmpty()
                        ? "no admin token is configured (cutover.api.token), so mutating calls are refused"
                        : "this call needs Authorization: Bearer <token> with the configured admin token"));
                return;
            }
            Coordinator c = migrations.apply(parts[0]);
            if (c == null) {
                send(ex, 404, Map.of("error", "no migration " + parts[0] + " is coordinated here"));
                return;
            }
            String who = actor(ex);
            switch (method + " " + action) {
                case "GET " -> send(ex, 200, c.status());
                case "GET route" -> sendRaw(ex, 200, c.route().json());
                case "POST cutover" -> report(ex, c.cutover(dryRun(ex), who));
                case "POST abort" -> report(ex, c.abort(who));
                case "POST complete" -> report(ex, c.complete(who));
                case "POST rollback" -> report(ex, c.rollback(dryRun(ex), who));
                default -> send(ex, 405, Map.of("error", "use GET " + PREFIX + "{name}, GET .../route, POST .../cutover[?dryRun=true], "
                        + "POST .../abort, POST .../complete or POST .../rollback[?dryRun=true]"));
            }
        } catch (FencedException e) {
            send(ex, 409, Map.of("error", e.getMessage()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            fail(ex, e);
        } catch (IOException clientGone) {
            // the caller hung up before the answer was written (a route poller stopping): nothing to answer
            LOG.debug("admin API call {} {}: the client went away: {}", ex.getRequestMethod(), ex.getRequestURI().getPath(),
                    clientGone.getMessage());
        } catch (Exception e) {
            fail(ex, e);
        } finally {
            ex.close();
        }
    }

    private boolean authorised(HttpExchange ex) {
        String header = ex.getRequestHeaders().getFirst("Authorization");
        if (token.isEmpty() || header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return Secret.of(header.substring(7).trim()).equals(token);
    }

    private static boolean dryRun(HttpExchange ex) {
        String q = ex.getRequestURI().getQuery();
        return q != null && java.util.Arrays.asList(q.split("&")).contains("dryRun=true");
    }

    /** Who asked, for the audit log: the X-Ferry-Actor header (printable, at most 64 characters) and the address. */
    private static String actor(HttpExchange ex) {
        String name = ex.getRequestHeaders().getFirst("X-Ferry-Actor");
        String from = ex.getRemoteAddress().getAddress().getHostAddress();
        if (name == null || name.isBlank()) {
            return "api (" + from + ")";
        }
        String clean = name.replaceAll("[^\\p{Graph} ]", "?");
        return (clean.length() > 64 ? clean.substring(0, 64) : clean) + " via api (" + from + ")";
    }

    private static void report(HttpExchange ex, CutoverReport r) throws IOException {
        sendRaw(ex, r.outcome() == CutoverReport.Outcome.REFUSED || r.outcome() == CutoverReport.Outcome.FENCED ? 409 : 200, r.json());
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
        executor.shutdownNow();
    }
}
