package io.ferry.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Each of capture, applier, validator (--serve) and coordinator runs alone from the command line with a pipeline
 * file, as a platform team deploys them, and stops on SIGTERM within its bound. The applier and capture are stopped
 * and started again mid-stream while the application writes: after the drain the target equals the source, no row
 * went back to an older version, and the restarted applier neither skipped records as already applied (a
 * duplicate) nor read a gap back (a loss Streams would have made): a clean stop leaves the target's recorded
 * offsets and the committed ones in step. All of them log JSON, chosen by {@code FERRY_LOG_FORMAT=json} alone.
 */
class ServicesAloneIT {

    private static final int INITIAL_ROWS = 2000;
    private static final List<String> KEY = List.of("id");
    /** The default shutdownTimeoutMs (30 s) plus time for the JVM to start its hooks and exit. */
    private static final long STOP_BOUND_MS = 30_000 + 8_000;
    private static final Pattern TEXT_LOG_LINE = Pattern.compile("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} (TRACE|DEBUG|INFO|WARN|ERROR) .*");

    @Test
    void eachServiceRunsAloneWithAConfigPathAndStopsOnSigtermWithinItsBoundLosingAndDuplicatingNothing() throws Exception {
        String name = "services_alone";
        int apiPort;
        try (ServerSocket free = new ServerSocket(0)) {
            apiPort = free.getLocalPort();
        }
        PipelineFixture f = new PipelineFixture(name, "dlq", 200, "cutover: {api: {port: " + apiPort + "}}\n");
        LedgerWorkload.create(f, INITIAL_ROWS);
        List<ChildService> all = new ArrayList<>();
        ChildService capture = ferry(f, all, "capture", "capture", "-c", f.yaml.toString());
        ChildService applier = ferry(f, all, "apply", "apply", "-c", f.yaml.toString());
        ChildService validator = ferry(f, all, "validator", "validate", "-c", f.yaml.toString(), "--serve", "0");
        ChildService coordinator = ferry(f, all, "coordinator", "coordinator", "-c", f.yaml.toString());
        LedgerWorkload writer = new LedgerWorkload(f, INITIAL_ROWS);
        VersionWatcher watcher = new VersionWatcher(f);
        Thread writerThread = new Thread(writer, name + "-writer");
        Thread watcherThread = new Thread(watcher, name + "-watcher");
        try {
            writerThread.start();
            watcherThread.start();
            CrashRecoveryIT.awaitStreaming(f, capture, applier);

            stopWithinBound(applier);
            CrashRecoveryIT.awaitMoreWrites(writer, 100);
            applier = ferry(f, all, "apply", "apply", "-c", f.yaml.toString());
            CrashRecoveryIT.awaitMoreWrites(writer, 150);

            stopWithinBound(capture);
            CrashRecoveryIT.awaitMoreWrites(writer, 100);
            capture = ferry(f, all, "capture", "capture", "-c", f.yaml.toString());
            CrashRecoveryIT.awaitMoreWrites(writer, 150);
            writer.stop();
            writerThread.join();
            assertThat(writer.failure()).as("writer failure").isNull();

            List<String> diff = f.awaitEqual(LedgerWorkload.TABLE, KEY, Duration.ofSeconds(120), capture, applier, validator, coordinator);
            watcher.stop();
            watcherThread.join();
            assertThat(diff).as("target differs from source after the services were stopped and started (logs %s, %s)",
                    capture.log, applier.log).isEmpty();
            assertThat(watcher.regressions()).as("rows that went back to an older version").isEmpty();

            String restarted = Files.readString(applier.log);
            assertThat(restarted).as("the restarted applier (log %s) found nothing applied twice", applier.log)
                    .doesNotContain("already applied to the target");
            assertThat(restarted).as("the restarted applier (log %s) had no gap to read back", applier.log)
                    .doesNotContain("reading back");
            assertThat(restarted).as("the restarted applier logged at INFO").contains("\"level\":\"INFO\"");

            for (ChildService service : List.of(capture, applier, validator, coordinator)) {
                stopWithinBound(service);
            }
            for (ChildService service : all) {
                assertJsonLog(service.log);
            }
        } finally {
            writer.stop();
            watcher.stop();
            writerThread.join(TimeUnit.SECONDS.toMillis(10));
            for (ChildService service : all) {
                service.close();
            }
        }
    }

    private static ChildService ferry(PipelineFixture f, List<ChildService> all, String label, String... args) throws Exception {
        Path log = f.sandbox.directory().resolve(f.name + "-" + label + "-" + System.nanoTime() + ".log");
        // The test classpath holds logback-test.xml, which logback would prefer: point it at the distribution's.
        String logback = ServicesAloneIT.class.getClassLoader().getResource("logback.xml").toString();
        ChildService service = ChildService.start("io.ferry.orchestrator.cli.Ferry", List.of(args), List.of("-Dlogback.configurationFile=" + logback),
                Map.of(PipelineFixture.PASSWORD_ENV, PipelineFixture.PASSWORD, "FERRY_LOG_FORMAT", "json", "FERRY_LOG_LEVEL", "INFO"), log);
        all.add(service);
        return service;
    }

    private static void stopWithinBound(ChildService service) throws Exception {
        long started = System.nanoTime();
        service.terminate(STOP_BOUND_MS / 1000);
        long tookMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
        assertThat(tookMs).as("SIGTERM to exit of %s", service.log).isLessThan(STOP_BOUND_MS);
        assertThat(Files.readString(service.log)).as("log %s says how it stopped", service.log).contains("stopped in");
    }

    /** Every log line of Ferry's logger is a JSON object; none is in the text layout. */
    private static void assertJsonLog(Path log) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<String> lines = Files.readAllLines(log);
        int objects = 0;
        for (String line : lines) {
            assertThat(line).as("a text log line in %s", log).doesNotMatch(TEXT_LOG_LINE);
            if (line.startsWith("{")) {
                var node = json.readTree(line);
                assertThat(node.has("level") && node.has("loggerName") && node.has("formattedMessage")).as("%s: %s", log, line).isTrue();
                objects++;
            }
        }
        assertThat(objects).as("JSON log lines in %s", log).isPositive();
        assertThat(String.join("\n", lines)).as("log %s", log).doesNotContain(PipelineFixture.PASSWORD);
    }
}
