package io.ferry.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.core.config.ConfigLoader;
import io.ferry.core.config.PipelineConfig;
import io.ferry.orchestrator.observe.MetricsDoc;
import io.ferry.orchestrator.run.MigrationRun;
import io.ferry.capture.SourceTables;
import io.ferry.orchestrator.schema.MySqlCatalogReader;
import io.ferry.orchestrator.schema.SchemaPlanner;
import io.ferry.core.schema.mapping.TypeMapper;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.slf4j.LoggerFactory;

/**
 * {@code ferry run}'s observability during a short migration with an application writing: every documented meter is
 * on {@code /metrics} and the important ones moved, health answers, the status page works in a real headless
 * Chromium (phase, tables, a lag chart that grows, the cutover refused without the token, the timeline after a
 * cutover), and no secret (the source password, the target password, the admin token) appears on any of them or in
 * the logs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StatusPageIT {

    private static final String NAME = "status_page";
    private static final String TOKEN = "page-Token-91c2e";
    private static final String TARGET_PASSWORD = "tgt-Secret-5b1e0";
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static PipelineFixture f;
    private static MigrationRun run;
    private static Thread progress;
    private static ScheduledExecutorService writer;
    private static final AtomicLong written = new AtomicLong();
    private static final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private static final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private static final List<String> seen = new ArrayList<>();
    private static String base;

    @BeforeAll
    static void startMigration() throws Exception {
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
        int apiPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            apiPort = socket.getLocalPort();
        }
        f = new PipelineFixture(NAME, "dlq", 200, 100, "cutover: {freeze: none, lagThresholdMs: 5000, lagSteadyMs: 1000, "
                + "api: {port: " + apiPort + ", token: \"" + TOKEN + "\"}}\n",
                // Debezium's snapshot: the applier's meters checked here count the copied rows going through Kafka.
                "snapshotMode: initial");
        f.sourceSql("CREATE TABLE items (id BIGINT PRIMARY KEY, qty INT NOT NULL, note VARCHAR(40))",
                "CREATE TABLE notes (id BIGINT PRIMARY KEY, body VARCHAR(200))",
                "INSERT INTO items SELECT seq, seq % 100, CONCAT('item ', seq) FROM seq_1_to_3000",
                "INSERT INTO notes SELECT seq, CONCAT('note ', seq) FROM seq_1_to_500");
        String yaml = Files.readString(f.yaml).replace("user: postgres,", "user: postgres, password: \"" + TARGET_PASSWORD + "\",");
        assertThat(yaml).contains(TARGET_PASSWORD);
        PipelineConfig config = ConfigLoader.parse(yaml, f.yaml.toString(),
                n -> n.equals(PipelineFixture.PASSWORD_ENV) ? PipelineFixture.PASSWORD : System.getenv(n), f.yaml.getParent());
        run = new MigrationRun(config, p -> {
            try (var source = SourceTables.connect(p.source())) {
                return new SchemaPlanner(new TypeMapper(p.types()), p.tables().withoutPrimaryKey())
                        .plan(MySqlCatalogReader.readSelected(source, p), p.target().schema());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, new PrintStream(out, true, StandardCharsets.UTF_8)).withValidationPause(Duration.ofSeconds(2)).start();
        progress = new Thread(() -> {
            try {
                run.awaitStop(Duration.ofSeconds(1));
            } catch (InterruptedException ignored) {
                // stopping
            }
        }, "status-page-it-progress");
        progress.start();
        writer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "status-page-it-writer"));
        writer.scheduleWithFixedDelay(StatusPageIT::write, 0, 50, TimeUnit.MILLISECONDS);
        base = "http://127.0.0.1:" + apiPort;
    }

    /** An application: an update every 50 ms, so lag keeps being measured. */
    private static void write() {
        try {
            f.sourceSql("UPDATE items SET qty = qty + 1 WHERE id = " + (1 + written.getAndIncrement() % 3000));
        } catch (Exception e) {
            // freeze: none, so writes are never refused by Ferry; a failed write is simply not counted
        }
    }

    /** Stops the application's writes and waits until none is in flight. */
    private static void stopWriting() throws InterruptedException {
        if (writer != null) {
            writer.shutdown();
            assertThat(writer.awaitTermination(30, TimeUnit.SECONDS)).as("the application's last write ended").isTrue();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        stopWriting();
        if (run != null) {
            run.close();
        }
        if (progress != null) {
            progress.join(10_000);
        }
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
    }

    @Test
    @Order(1)
    void everyDocumentedMeterIsExportedAndTheImportantOnesMoveDuringTheMigration() throws Exception {
        // The JVM's pause timer appears with the first collection it is told of; a short run may not have had one yet.
        System.gc();
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            String scrape = get("/metrics").body();
            assertThat(MetricsDoc.sum(scrape, "ferry_applier_rows_applied_total")).as("rows applied; series: %s",
                    scrape.lines().filter(l -> l.startsWith("ferry_")).map(l -> l.replaceAll("[{ ].*", "")).distinct().toList())
                    .isGreaterThanOrEqualTo(3500);
            assertThat(MetricsDoc.sum(scrape, "ferry_applier_lag_seconds_count")).as("lag histogram count").isPositive();
            assertThat(MetricsDoc.sum(scrape, "ferry_validator_runs_total")).as("live validation runs").isPositive();
            assertThat(MetricsDoc.sum(scrape, "ferry_coordinator_phase")).isEqualTo(1.0);
            assertThat(MetricsDoc.present(scrape, "jvm_gc_pause_seconds")).as("GC pauses after a collection").isTrue();
        });
        String scrape = get("/metrics").body();
        seen.add(scrape);
        List<String> missing = MetricsDoc.withoutReverse().stream().filter(n -> !MetricsDoc.present(scrape, n)).toList();
        assertThat(missing).as("documented meters missing from /metrics:%n%s", scrape).containsExactly("ferry_coordinator_cutover_step_seconds");
        assertThat(MetricsDoc.sum(scrape, "ferry_capture_snapshot_rows_total")).isEqualTo(3500);
        assertThat(MetricsDoc.sum(scrape, "ferry_capture_events_total")).isGreaterThan(3500);
        assertThat(scrape).contains("ferry_capture_events_total{op=\"update\",pipeline=\"status_page\",table=\"status_page.items\"}");
        assertThat(MetricsDoc.sum(scrape, "ferry_capture_produce_seconds_count")).isPositive();
        assertThat(MetricsDoc.sum(scrape, "ferry_capture_streaming")).isEqualTo(1.0);
        assertThat(MetricsDoc.sum(scrape, "ferry_capture_source_position_age_seconds")).isBetween(0.0, 30.0);
        assertThat(MetricsDoc.sum(scrape, "ferry_applier_batch_rows_count")).isPositive();
        assertThat(MetricsDoc.sum(scrape, "ferry_applier_batch_seconds_count")).isPositive();
        assertThat(MetricsDoc.sum(scrape, "ferry_validator_checked_rows_total")).isPositive();
        assertThat(MetricsDoc.sum(scrape, "ferry_validator_checked_segments_total")).isPositive();
        assertThat(MetricsDoc.sum(scrape, "jvm_memory_used_bytes")).isPositive();

        HttpResponse<String> live = get("/health/live");
        assertThat(live.statusCode()).isEqualTo(200);
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            HttpResponse<String> ready = get("/health/ready");
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
            assertThat(ready.body()).contains("\"source\":\"ok\"", "\"kafka-producer\":\"ok\"", "\"kafka-consumer\":\"ok\"", "\"target\":\"ok\"",
                    "\"coordinator\":\"ok\"");
            seen.add(ready.body());
        });
        HttpResponse<String> status = get("/api/v1/status");
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(status.body()).contains("\"phase\":\"STREAMING\"", "\"table\":\"status_page.items\"", "\"tokenConfigured\":true");
        seen.add(status.body());

        // A change the target refuses is dead-lettered: its count and reason reach the meters and the page's data. The
        // application never writes notes, so no later change of the row joins it.
        f.targetSql("ALTER TABLE app.notes ADD CONSTRAINT body_short CHECK (length(body) < 100)");
        f.sourceSql("UPDATE notes SET body = REPEAT('x', 150) WHERE id = 7");
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            String body = get("/api/v1/status").body();
            JsonNode dead = JSON.readTree(body).path("deadLetters");
            assertThat(dead.path("count").asLong()).as(body).isEqualTo(1);
            assertThat(dead.path("latest").path(0).path("table").asText()).isEqualTo("status_page.notes");
            assertThat(dead.path("latest").path(0).path("reason").asText()).contains("body_short");
            String metrics = get("/metrics").body();
            assertThat(MetricsDoc.sum(metrics, "ferry_applier_dead_letters_total")).isEqualTo(1.0);
            assertThat(MetricsDoc.sum(metrics, "ferry_coordinator_dead_letters")).isEqualTo(1.0);
            seen.add(body);
        });
        // Its cause fixed and the record replayed, the count goes back to 0 (and the cutover's gate opens again).
        f.targetSql("ALTER TABLE app.notes DROP CONSTRAINT body_short");
        var outcomes = new io.ferry.orchestrator.dlq.PipelineDeadLetters(run.config(),
                () -> io.ferry.apply.jdbc.TargetConnections.open(run.config().target(), "status-page-it")).replay();
        assertThat(outcomes).extracting(o -> o.status()).containsExactly(io.ferry.apply.jdbc.DeadLetterReplayer.Status.APPLIED);
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(MetricsDoc.sum(get("/metrics").body(), "ferry_coordinator_dead_letters")).isEqualTo(0.0));
        try (var c = f.target(); var st = c.createStatement(); var rs = st.executeQuery("SELECT length(body) FROM app.notes WHERE id = 7")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(150);
        }
    }

    @Test
    @Order(2)
    void theStatusPageShowsTheMigrationLiveRefusesTheCutoverWithoutTheTokenAndShowsTheTimelineAfterOne() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "needs Debian's chromium and chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER + "); .ci/run installs them");
        Path profile = Files.createTempDirectory("ferry-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1400,1500",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
                .withLogFile(f.sandbox.directory().resolve("chromedriver.log").toFile()).build();
        WebDriver browser = new ChromeDriver(service, options);
        try {
            browser.get(base + "/");
            Awaitility.await().ignoreExceptionsInstanceOf(StaleElementReferenceException.class).atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(browser.findElement(By.id("phase")).getText()).isEqualTo("STREAMING"));
            Awaitility.await().ignoreExceptionsInstanceOf(StaleElementReferenceException.class).atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(browser.findElements(By.cssSelector("#tables tbody tr")).stream().map(e -> e.getText()).toList())
                            .anyMatch(t -> t.startsWith("status_page.items 3,000 3,000") && t.contains("100"))
                            .anyMatch(t -> t.startsWith("status_page.notes 500 500")));
            int before = chartPoints(browser);
            Awaitility.await("the lag chart gains points without a reload").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                    .until(() -> chartPoints(browser) >= before + 3);
            assertThat(browser.findElement(By.id("lag-line")).getAttribute("points")).isNotBlank();
            assertThat(browser.findElement(By.id("applied-total")).getText()).isNotEqualTo("–");
            assertThat(browser.findElement(By.id("dlq-count")).getText()).isEqualTo("0");
            assertThat(browser.findElement(By.id("reverse-card")).isDisplayed()).as("no way-back card without reverse replication").isFalse();

            browser.findElement(By.id("cutover-button")).click();
            Awaitility.await().ignoreExceptionsInstanceOf(StaleElementReferenceException.class).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(browser.findElement(By.id("action-result")).getText()).contains("refused (401)"));
            assertThat(get("/api/v1/migrations/" + NAME + "/route").body()).as("the refused click changed nothing").contains("\"source\"");
            Files.createDirectories(Path.of("target"));
            screenshot(browser, Path.of("target", "status-page-streaming.png"));

            cutOver();
            Awaitility.await().ignoreExceptionsInstanceOf(StaleElementReferenceException.class).atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(browser.findElement(By.id("phase")).getText()).isEqualTo("COMPLETE");
                List<String> steps = browser.findElements(By.cssSelector("#timeline li")).stream().map(e -> e.getAttribute("data-step")).toList();
                assertThat(steps).contains("pre-checks", "freeze", "drain", "final-validation", "flip");
                assertThat(browser.findElement(By.id("write-pause")).getText()).matches("source writes paused for \\d+ ms");
            });
            assertThat(browser.findElements(By.cssSelector("#history li"))).hasSizeGreaterThanOrEqualTo(3);
            screenshot(browser, Path.of("target", "status-page-after-cutover.png"));
            seen.add(browser.getPageSource());
        } finally {
            browser.quit();
        }
    }

    @Test
    @Order(3)
    void afterTheCutoverTheCoordinatorMetersShowItsStepsAndNoSecretAppearsAnywhere() throws Exception {
        cutOver();
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String scrape = get("/metrics").body();
            assertThat(scrape).contains("ferry_coordinator_cutover_step_seconds{pipeline=\"status_page\",step=\"flip\"}",
                    "ferry_coordinator_phase{phase=\"COMPLETE\",pipeline=\"status_page\"} 1.0");
            assertThat(MetricsDoc.sum(scrape, "ferry_coordinator_last_write_pause_seconds")).isGreaterThanOrEqualTo(0.0);
            assertThat(scrape).containsPattern("ferry_coordinator_last_write_pause_seconds\\{pipeline=\"status_page\"} [0-9.]+");
            seen.add(scrape);
            assertThat(MetricsDoc.withoutReverse()).as("every documented meter once a cutover ran (reverse replication is off)")
                    .allMatch(n -> MetricsDoc.present(scrape, n));
        });
        // The migration is over: ferry run stops its capture and applier (the source no longer feeds the target), ends its
        // progress output, and goes on serving the routing.
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> out.toString(StandardCharsets.UTF_8)
                .contains("migration " + NAME + " is COMPLETE (final): the application is routed to the target"));
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("forward capture and applier stopped: the migration is COMPLETE");
        assertThat(get("/api/v1/migrations/" + NAME + "/route").body()).contains("\"side\":\"target\"");

        seen.add(get("/api/v1/status").body());
        seen.add(get("/").body());
        seen.add(get("/health/ready").body());
        seen.add(out.toString(StandardCharsets.UTF_8));
        for (ILoggingEvent e : List.copyOf(logs.list)) {
            seen.add(e.getFormattedMessage());
            if (e.getThrowableProxy() != null) {
                seen.add(ThrowableProxyUtil.asString(e.getThrowableProxy()));
            }
        }
        assertThat(seen).hasSizeGreaterThan(5);
        for (String secret : List.of(PipelineFixture.PASSWORD, TARGET_PASSWORD, TOKEN)) {
            assertThat(seen).as("no page, metric, status, progress line or log shows a secret").noneMatch(s -> s.contains(secret));
        }
    }

    private static synchronized void cutOver() throws Exception {
        if (get("/api/v1/migrations/" + NAME).body().contains("\"phase\":\"COMPLETE\"")) {
            return;
        }
        Awaitility.await("ready for a cutover").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> get("/api/v1/status").body().contains("\"ready\":true"));
        // freeze: none means the application stops its own writes before the cutover; a write after the watermark
        // is, rightly, a difference in the final validation (CI saw the cutover abort so).
        stopWriting();
        HttpResponse<String> cut = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/migrations/" + NAME + "/cutover"))
                .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(cut.statusCode()).as(cut.body()).isEqualTo(200);
        assertThat(cut.body()).contains("\"outcome\":\"COMPLETE\"");
        seen.add(cut.body());
    }

    private static int chartPoints(WebDriver browser) {
        return Integer.parseInt(browser.findElement(By.id("lag-chart")).getAttribute("data-points"));
    }

    private static void screenshot(WebDriver browser, Path to) throws Exception {
        File shot = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        System.out.println("status page screenshot: " + to.toAbsolutePath());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
