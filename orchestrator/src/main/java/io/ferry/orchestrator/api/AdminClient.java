package io.ferry.orchestrator.api;

import io.ferry.core.config.AdminApiConfig;
import io.ferry.core.config.Secret;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Calls a coordinator's admin API, as {@code ferry cutover}, {@code ferry abort} and {@code ferry complete} do. */
public final class AdminClient {

    /** An answer: the HTTP status and the JSON body. */
    public record Response(int status, String body) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final Secret token;

    /** @param base {@code http://host:port}, without a trailing slash */
    public AdminClient(String base, Secret token) {
        this.base = base;
        this.token = token;
    }

    /** The API of the config's {@code cutover.api}; a wildcard bind address is reached on loopback. */
    public static AdminClient of(AdminApiConfig api) {
        String host = api.bind().equals("0.0.0.0") || api.bind().equals("::") ? "127.0.0.1" : api.bind();
        return new AdminClient("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + api.port(), api.token());
    }

    public Response get(String migration, String action) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(migration, action, null)).GET());
    }

    /** A mutating call; waits as long as the coordinator takes (a cutover includes its drain and validation). */
    public Response post(String migration, String action, String query) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(migration, action, query)).POST(HttpRequest.BodyPublishers.noBody())
                .header("X-Ferry-Actor", System.getProperty("user.name", "unknown"));
        if (!token.isEmpty()) {
            b.header("Authorization", "Bearer " + token.reveal());
        }
        return send(b);
    }

    private URI uri(String migration, String action, String query) {
        String path = AdminServer.PREFIX + URLEncoder.encode(migration, StandardCharsets.UTF_8) + (action == null ? "" : "/" + action);
        return URI.create(base + path + (query == null ? "" : "?" + query));
    }

    private Response send(HttpRequest.Builder b) throws IOException, InterruptedException {
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body());
        } catch (java.net.ConnectException e) {
            throw new IOException("no coordinator answers at " + base + " (is `ferry coordinator` running?)", e);
        }
    }
}
