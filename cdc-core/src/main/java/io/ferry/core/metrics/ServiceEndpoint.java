package io.ferry.core.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /metrics} (Prometheus text format), {@code GET /health/live} (200 while the process runs) and
 * {@code GET /health/ready} (200 when every readiness check passes, 503 with the failing ones otherwise), either on
 * a server of its own ({@link #serve}) or added to an existing one ({@link #mount}, the admin API).
 */
public final class ServiceEndpoint implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceEndpoint.class);
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final HttpServer http;
    private final ExecutorService executor;

    private ServiceEndpoint(HttpServer http, ExecutorService executor) {
        this.http = http;
        this.executor = executor;
    }

    /** Serves the three paths on {@code bind:port} (0: a free port). */
    public static ServiceEndpoint serve(String service, String bind, int port, PrometheusMeterRegistry registry, Health health)
            throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(bind, port), 0);
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "ferry-" + service + "-http");
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(executor);
        mount(http, registry, health);
        http.start();
        LOG.info("{}: metrics and health on http://{}:{}/metrics, /health/live, /health/ready", service, bind, http.getAddress().getPort());
        return new ServiceEndpoint(http, executor);
    }

    /** Adds the three paths to {@code http}. */
    public static void mount(HttpServer http, PrometheusMeterRegistry registry, Health health) {
        http.createContext("/metrics", ex -> {
            try (ex) {
                send(ex, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
            }
        });
        http.createContext("/health/live", ex -> {
            try (ex) {
                send(ex, 200, "application/json", "{\"status\":\"up\"}");
            }
        });
        http.createContext("/health/ready", ex -> {
            try (ex) {
                Map<String, String> results = health.run();
                boolean ready = Health.ready(results);
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("status", ready ? "ready" : "not ready");
                body.put("checks", results);
                send(ex, ready ? 200 : 503, "application/json", JSON.writeValueAsString(body));
            }
        });
    }

    /** Serves one more path on this server (a service's own status document). */
    public ServiceEndpoint route(String path, com.sun.net.httpserver.HttpHandler handler) {
        http.createContext(path, handler);
        return this;
    }

    public int port() {
        return http.getAddress().getPort();
    }

    /** Answers {@code ex} with {@code body} as UTF-8 of content type {@code type}: the one way Ferry's HTTP servers reply. */
    public static void send(HttpExchange ex, int code, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        http.stop(0);
        executor.shutdownNow();
    }
}
