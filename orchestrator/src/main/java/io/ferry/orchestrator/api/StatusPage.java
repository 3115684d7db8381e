package io.ferry.orchestrator.api;

import com.sun.net.httpserver.HttpExchange;
import io.ferry.orchestrator.observe.StatusBoard;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The status page: plain HTML, CSS and a small script served from the jar (no CDN, so it works offline), and the
 * JSON the script polls. Read-only: the page's cutover, abort and complete buttons call the token-protected API.
 */
final class StatusPage {

    private static final String ROOT = "/io/ferry/orchestrator/api/page/";
    private static final Map<String, String> FILES = Map.of(
            "/", "index.html",
            "/index.html", "index.html",
            "/static/status.js", "status.js",
            "/static/status.css", "status.css");

    private final StatusBoard board;
    private final boolean tokenConfigured;

    StatusPage(StatusBoard board, boolean tokenConfigured) {
        this.board = board;
        this.tokenConfigured = tokenConfigured;
    }

    void files(HttpExchange ex) throws IOException {
        try (ex) {
            String file = FILES.get(ex.getRequestURI().getPath());
            if (file == null || !ex.getRequestMethod().equals("GET")) {
                send(ex, 404, "text/plain; charset=utf-8", "not found: " + ex.getRequestURI().getPath()
                        + " (the status page is at /, the API under /api/v1/)");
                return;
            }
            byte[] body;
            try (InputStream in = StatusPage.class.getResourceAsStream(ROOT + file)) {
                if (in == null) {
                    throw new IOException("the status page's " + file + " is missing from the jar");
                }
                body = in.readAllBytes();
            }
            String type = file.endsWith(".html") ? "text/html; charset=utf-8" : file.endsWith(".js") ? "text/javascript; charset=utf-8"
                    : "text/css; charset=utf-8";
            send(ex, 200, type, body);
        }
    }

    void status(HttpExchange ex) throws IOException {
        try (ex) {
            String json = board.json();
            json = json.substring(0, json.length() - 1) + (json.length() > 2 ? "," : "") + "\"tokenConfigured\":" + tokenConfigured + "}";
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            send(ex, 200, "application/json", json.getBytes(StandardCharsets.UTF_8));
        }
    }

    void report(HttpExchange ex) throws IOException {
        try (ex) {
            String json = board.validationReportJson();
            if (json == null) {
                send(ex, 404, "application/json", "{\"error\":\"no validation has finished yet\"}");
            } else {
                send(ex, 200, "application/json", json.getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static void send(HttpExchange ex, int code, String type, String body) throws IOException {
        send(ex, code, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int code, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(code, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }
}
