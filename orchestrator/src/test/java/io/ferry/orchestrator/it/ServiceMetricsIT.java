package io.ferry.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.orchestrator.observe.MetricsDoc;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Capture and the applier as separate services (child JVMs) each serve their own meters and readiness on the port
 * {@code metrics.capturePort} / {@code metrics.applierPort} names: every documented meter whose owner is that service
 * is there and moved, and no password is.
 */
class ServiceMetricsIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void captureAndApplierServeTheirOwnDocumentedMetersAndReadiness() throws Exception {
        int capturePort = freePort();
        int applierPort = freePort();
        PipelineFixture f = new PipelineFixture("service_metrics", "dlq", 200, 100,
                "metrics: {capturePort: " + capturePort + ", applierPort: " + applierPort + "}\n");
        f.sourceSql("CREATE TABLE items (id BIGINT PRIMARY KEY, qty INT NOT NULL)",
                "INSERT INTO items SELECT seq, seq FROM seq_1_to_1000");
        f.targetSql("CREATE SCHEMA IF NOT EXISTS app", "CREATE TABLE app.items (id bigint PRIMARY KEY, qty integer NOT NULL)");
        Map<String, String> documented = MetricsDoc.documented();
        try (ChildService capture = f.spawnCapture(null); ChildService applier = f.spawnApplier(null)) {
            String c = "http://127.0.0.1:" + capturePort;
            String a = "http://127.0.0.1:" + applierPort;
            Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().untilAsserted(() -> {
                capture.assertAlive();
                applier.assertAlive();
                f.sourceSql("UPDATE items SET qty = qty + 1 WHERE id = 1");
                // The 1,000 rows are copied by the bulk load (the default full load), straight into the target:
                // the snapshot meter counts them, and the streamed updates move the applier's and capture's meters.
                assertThat(MetricsDoc.sum(get(c + "/metrics").body(), "ferry_capture_snapshot_rows_total")).isEqualTo(1000);
                assertThat(MetricsDoc.sum(get(a + "/metrics").body(), "ferry_applier_rows_applied_total")).isPositive();
                assertThat(MetricsDoc.sum(get(a + "/metrics").body(), "ferry_applier_lag_seconds_count")).isPositive();
                assertThat(MetricsDoc.sum(get(c + "/metrics").body(), "ferry_capture_events_total")).isPositive();
            });
            String captureScrape = get(c + "/metrics").body();
            String applierScrape = get(a + "/metrics").body();
            for (var e : documented.entrySet()) {
                if (e.getValue().equals("capture") || e.getValue().equals("jvm")) {
                    assertThat(MetricsDoc.present(captureScrape, e.getKey())).as("capture exports " + e.getKey()).isTrue();
                }
                if (e.getValue().equals("applier") || e.getValue().equals("jvm")) {
                    assertThat(MetricsDoc.present(applierScrape, e.getKey())).as("applier exports " + e.getKey()).isTrue();
                }
            }
            assertThat(MetricsDoc.sum(captureScrape, "ferry_capture_snapshot_rows_total")).isEqualTo(1000);
            assertThat(MetricsDoc.sum(captureScrape, "ferry_capture_produce_seconds_count")).isPositive();
            assertThat(MetricsDoc.sum(applierScrape, "ferry_applier_batch_seconds_count")).isPositive();
            assertThat(captureScrape).doesNotContain("ferry_applier_");
            assertThat(applierScrape).doesNotContain("ferry_capture_");

            for (String base : List.of(c, a)) {
                assertThat(get(base + "/health/live").statusCode()).isEqualTo(200);
                Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(get(base + "/health/ready").statusCode())
                        .as(get(base + "/health/ready").body()).isEqualTo(200));
            }
            assertThat(get(c + "/health/ready").body()).contains("\"source\":\"ok\"", "\"kafka-producer\":\"ok\"");
            assertThat(get(a + "/health/ready").body()).contains("\"kafka-consumer\":\"ok\"", "\"target\":\"ok\"");
            for (String seen : List.of(captureScrape, applierScrape, Files.readString(capture.log), Files.readString(applier.log))) {
                assertThat(seen).doesNotContain(PipelineFixture.PASSWORD);
            }
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
