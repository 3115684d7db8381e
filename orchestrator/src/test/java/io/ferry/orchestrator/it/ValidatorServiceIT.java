package io.ferry.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.orchestrator.cli.Ferry;
import io.ferry.orchestrator.pipeline.LocalPipeline;
import io.ferry.orchestrator.pipeline.PipelineConvergence;
import io.ferry.orchestrator.schema.MySqlCatalogReader;
import io.ferry.orchestrator.schema.SchemaApplier;
import io.ferry.orchestrator.schema.SchemaPlanner;
import io.ferry.core.schema.mapping.TypeMapper;
import io.ferry.orchestrator.validate.PipelineValidation;
import io.ferry.orchestrator.validate.TouchedKeys;
import io.ferry.validator.Difference;
import io.ferry.validator.TableReport;
import io.ferry.validator.ValidatedTable;
import io.ferry.validator.ValidationOptions;
import io.ferry.validator.ValidationReport;
import io.ferry.validator.Validator;
import io.ferry.validator.service.ValidatorServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The validator as the pipeline's users run it: live while a writer is busy and the applier is
 * slow, resumed after a crash, through its HTTP service and the command line, and for the
 * coordinator's final check over the touched segments only.
 */
class ValidatorServiceIT {

    private static final String ACCOUNTS = "CREATE TABLE accounts (id INT PRIMARY KEY, balance BIGINT NOT NULL, note VARCHAR(40))";
    private static final String ACCOUNT_ROWS = "INSERT INTO accounts SELECT seq, seq * 100, CONCAT('n', seq) FROM seq_1_to_3000";

    private static void createTarget(PipelineFixture f) throws Exception {
        try (Connection c = f.source(); Connection pg = f.target()) {
            SchemaApplier.applyBeforeCopy(pg, new SchemaPlanner(new TypeMapper(f.config.types())).plan(MySqlCatalogReader.read(c, f.name), "app"));
        }
    }

    private static void awaitCopied(LocalPipeline pipeline) throws Exception {
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> pipeline.capture().stats().snapshotRows().values().stream()
                .mapToLong(Long::longValue).sum() > 0 || pipeline.capture().stats().streaming());
        pipeline.awaitCaughtUp(Duration.ofSeconds(90));
    }

    @Test
    void liveModeWithABusyWriterAndASlowApplierReportsOnlyTheRealDifference() throws Exception {
        // The applier lets batches wait 2 s: the target is always behind while the writer runs.
        PipelineFixture f = new PipelineFixture("validator_live", "stop", 5000, 2000, "");
        f.sourceSql(ACCOUNTS, ACCOUNT_ROWS);
        createTarget(f);
        try (LocalPipeline pipeline = f.startInProcess()) {
            awaitCopied(pipeline);
            f.targetSql("UPDATE app.accounts SET balance = -1 WHERE id = 2999");
            AtomicLong writes = new AtomicLong();
            ValidationReport report;
            // The application: an update every 5 ms on its own connection.
            ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "writer"));
            try (Connection c = f.source(); Statement s = c.createStatement()) {
                ScheduledFuture<?> writing = writer.scheduleWithFixedDelay(() -> {
                    int id = ThreadLocalRandom.current().nextInt(1, 2001);
                    try {
                        s.execute("UPDATE accounts SET balance = balance + 1, note = 'w" + (writes.get() + 1) + "' WHERE id = " + id);
                        writes.incrementAndGet();
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }, 0, 5, TimeUnit.MILLISECONDS);
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> writes.get() >= 100 || writing.isDone());
                assertThat(writing.isDone()).as("the writer failed").isFalse();
                try (Validator v = new Validator(new PipelineValidation(f.config, ValidationOptions.DEFAULTS).source(),
                        new PipelineValidation(f.config, ValidationOptions.DEFAULTS).target(),
                        ValidationOptions.DEFAULTS.withSegmentRows(200).live(Duration.ofSeconds(60)), new PipelineConvergence(f.config))) {
                    // The writer goes on for a few hundred more updates while the validation runs.
                    long stopAt = writes.get() + 400;
                    Thread stopper = new Thread(() -> {
                        try {
                            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> writes.get() >= stopAt || writing.isDone());
                        } finally {
                            writing.cancel(false);
                        }
                    });
                    stopper.start();
                    report = v.run(List.of(f.validated("accounts")));
                    stopper.join();
                }
            } finally {
                writer.shutdown();
                assertThat(writer.awaitTermination(30, TimeUnit.SECONDS)).as("the last write ended").isTrue();
            }
            assertThat(pipeline.failure()).isNull();
            assertThat(writes.get()).as("the writer was busy").isGreaterThan(50);
            TableReport t = report.tables().get(0);
            assertThat(t.differences()).as(report.text()).extracting(Difference::kind, Difference::key,
                            d -> d.columns().stream().map(Difference.ColumnDifference::column).toList())
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(Difference.Kind.DIFFERS, List.of("2999"), List.of("balance")));
            assertThat(t.recheckedSegments()).as("live mode checked segments again that the slow applier had not reached").isPositive();
        }
    }

    @Test
    void aRunThatCrashedResumesFromItsCheckpointToTheVerdictOfAnUninterruptedRun() throws Exception {
        PipelineFixture f = new PipelineFixture("validator_resume", "stop", 2000);
        f.sourceSql(ACCOUNTS, ACCOUNT_ROWS);
        createTarget(f);
        try (LocalPipeline pipeline = f.startInProcess()) {
            awaitCopied(pipeline);
        }
        f.targetSql("UPDATE app.accounts SET note = 'x' WHERE id IN (7, 1500, 2990)", "DELETE FROM app.accounts WHERE id = 100");
        ValidationReport uninterrupted = f.validate(ValidationOptions.DEFAULTS.withSegmentRows(150), "accounts");

        Path checkpoint = f.sandbox.directory().resolve("validator_resume.checkpoint.json");
        Files.deleteIfExists(checkpoint);
        ChildService crashed = ChildService.start("io.ferry.orchestrator.cli.Ferry", List.of("validate", "-c", f.yaml.toString(),
                        "--segment-rows", "150", "--checkpoint", checkpoint.toString(), "--tables", "accounts"),
                "validator.segment-finished@6", PipelineFixture.PASSWORD_ENV, PipelineFixture.PASSWORD,
                f.sandbox.directory().resolve("validator-crash-" + System.nanoTime() + ".log"));
        assertThat(crashed.awaitExit(120)).as("halted by the injected fault").isEqualTo(137);
        String saved = Files.readString(checkpoint);
        assertThat(saved).as("the checkpoint holds the finished segments").contains("\"finished\"").doesNotContain("\"report\":{");

        ValidationReport resumed = f.validate(ValidationOptions.DEFAULTS.withSegmentRows(150).withCheckpoint(checkpoint), "accounts");
        assertThat(resumed.tables().get(0).differences()).containsExactlyInAnyOrderElementsOf(uninterrupted.tables().get(0).differences());
        // The resumed run kept the crashed run's plan (sampling would cut other segments).
        var plan = new com.fasterxml.jackson.databind.ObjectMapper().readTree(saved).get("tables").get("app.accounts").get("segments");
        assertThat(resumed.tables().get(0).segments()).hasSize(plan.size());
        assertThat(resumed.tables().get(0).segments().get(0).upper()).containsExactly(plan.get(0).get("upper").get(0).asText());
        assertThat(resumed.tables().get(0).sourceRows()).isEqualTo(3000);
        assertThat(resumed.tables().get(0).differences()).hasSize(4);
        assertThat(crashed.tail()).doesNotContain(PipelineFixture.PASSWORD);
    }

    @Test
    void theServiceTheCommandLineAndTheTouchedSegmentsCheckReportTheSameDifference() throws Exception {
        PipelineFixture f = new PipelineFixture("validator_service", "stop", 2000);
        f.sourceSql(ACCOUNTS, ACCOUNT_ROWS);
        createTarget(f);
        try (LocalPipeline pipeline = f.startInProcess()) {
            awaitCopied(pipeline);
            PipelineValidation validation = new PipelineValidation(f.config, ValidationOptions.DEFAULTS.withSegmentRows(250));

            // A clean pass, with the change topics' end offsets at that moment.
            TouchedKeys touchedKeys = new TouchedKeys(f.config);
            var offsetsAtCleanPass = touchedKeys.endOffsets();
            ValidationReport clean;
            List<ValidatedTable> tables = validation.tables(List.of("accounts"));
            try (Validator v = new Validator(validation.source(), validation.target(), ValidationOptions.DEFAULTS.withSegmentRows(250), null)) {
                clean = v.run(tables);
            }
            assertThat(clean.hasDifferences()).as(clean.text()).isFalse();

            // Changes after the clean pass, and a difference the pipeline does not know about in an untouched segment.
            f.sourceSql("UPDATE accounts SET balance = 5 WHERE id IN (10, 2500)");
            pipeline.awaitCaughtUp(Duration.ofSeconds(60));
            f.targetSql("UPDATE app.accounts SET balance = 6 WHERE id = 2500", "UPDATE app.accounts SET note = 'lost' WHERE id = 1200");
            TouchedKeys.Touched touched = touchedKeys.since(offsetsAtCleanPass);
            assertThat(touched.keys()).containsEntry("app.accounts", Set.of(List.of("10"), List.of("2500")));
            ValidationReport last;
            try (Validator v = new Validator(validation.source(), validation.target(), ValidationOptions.DEFAULTS, null)) {
                last = v.runTouched(tables, clean, touched.keys());
            }
            assertThat(last.tables().get(0).differences()).extracting(Difference::key).containsExactly(List.of("2500"));
            // Two changed rows of 3,000: read by key rather than their segments hashed.
            assertThat(last.tables().get(0).note()).isEqualTo("checked the 2 touched rows by key");

            // The cutover reads the changes ahead of its freeze, then only the tail: a second read from the same clean
            // pass goes on from where the first ended and adds what came since.
            f.sourceSql("UPDATE accounts SET balance = 7 WHERE id = 77");
            pipeline.awaitCaughtUp(Duration.ofSeconds(60));
            TouchedKeys.Touched more = touchedKeys.since(offsetsAtCleanPass);
            assertThat(more.keys()).containsEntry("app.accounts", Set.of(List.of("10"), List.of("2500"), List.of("77")));
            assertThat(more.readTo().values().stream().mapToLong(Long::longValue).sum())
                    .isGreaterThan(touched.readTo().values().stream().mapToLong(Long::longValue).sum());
            // Its own read began where the first ended, and found only what changed since: what the final validation
            // compares in a table the check ahead of the freeze cleared up to there.
            assertThat(more.readSince(touched.readTo())).hasValue(Map.of("app.accounts", Set.of(List.of("77"))));
            assertThat(more.readSince(offsetsAtCleanPass)).isEmpty();

            // The service: start a run, follow it, fetch its report.
            io.ferry.core.metrics.Health health = new io.ferry.core.metrics.Health().add("source", () -> {
                try (var c = validation.source().open()) {
                    return c.isValid(3) ? null : "no answer";
                }
            });
            try (ValidatorServer server = new ValidatorServer("127.0.0.1", 0, validation, health)) {
                HttpClient http = HttpClient.newHttpClient();
                String base = "http://127.0.0.1:" + server.port();
                HttpResponse<String> started = http.send(HttpRequest.newBuilder(URI.create(base + "/runs"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"tables\": [\"accounts\"], \"segmentRows\": 300}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(started.statusCode()).isEqualTo(202);
                String id = started.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> http.send(HttpRequest.newBuilder(URI.create(base + "/runs/" + id))
                        .build(), HttpResponse.BodyHandlers.ofString()).body().contains("\"status\":\"finished\""));
                String status = http.send(HttpRequest.newBuilder(URI.create(base + "/runs/" + id)).build(), HttpResponse.BodyHandlers.ofString()).body();
                assertThat(status).contains("\"checkedRows\":3000").contains("\"differences\":2").contains("\"equal\":false");
                String report = http.send(HttpRequest.newBuilder(URI.create(base + "/runs/" + id + "/report")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                assertThat(ValidationReport.fromJson(report).tables().get(0).differences()).extracting(Difference::key)
                        .containsExactlyInAnyOrder(List.of("1200"), List.of("2500"));
                String metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
                assertThat(metrics).contains("ferry_validator_rows_checked 3000", "ferry_validator_differences 2.0",
                        "ferry_validator_runs_total{result=\"differences\"} 1.0");
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(base + "/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
                assertThat(ready.body()).contains("\"source\":\"ok\"");
                assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/runs/nope")).build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode()).isEqualTo(404);
            }
        }

        // The command line: exit code 1 and the differing rows by key and column.
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            exit = new CommandLine(new Ferry()).execute("validate", "-c", f.yamlWithPasswordFile().toString(), "--segment-rows", "500");
        } finally {
            System.setOut(out);
        }
        assertThat(exit).isEqualTo(1);
        assertThat(captured.toString(StandardCharsets.UTF_8))
                .contains("differs: key [1200] [note: source='n1200' target='lost']")
                .contains("differs: key [2500] [balance: source='5' target='6']")
                .doesNotContain(PipelineFixture.PASSWORD);
    }
}
