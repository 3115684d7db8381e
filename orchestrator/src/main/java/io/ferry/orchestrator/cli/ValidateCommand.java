package io.ferry.orchestrator.cli;

import io.ferry.apply.jdbc.TargetConnections;
import io.ferry.core.config.ConfigLoader;
import io.ferry.core.config.PipelineConfig;
import io.ferry.orchestrator.dlq.PipelineDeadLetters;
import io.ferry.orchestrator.run.EmbeddedBroker;
import io.ferry.orchestrator.validate.PipelineValidation;
import io.ferry.orchestrator.observe.TerminalProgress;
import io.ferry.validator.Progress;
import io.ferry.validator.ValidationOptions;
import io.ferry.validator.ValidationReport;
import io.ferry.validator.service.RunRequest;
import io.ferry.validator.service.ValidatorServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Proves the target equal to the source with segmented checksums computed in each database, "
                + "and names every row that differs; exit code 1 on any difference. With --serve, runs as an HTTP service.")
final class ValidateCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, required = true, description = "The pipeline file.")
    Path config;

    @Option(names = "--tables", split = ",", description = "Source tables to check (default: all of the pipeline's).")
    List<String> tables;

    @Option(names = "--segment-rows", defaultValue = "10000", description = "Rows per segment (default: ${DEFAULT-VALUE}).")
    long segmentRows;

    @Option(names = "--concurrency", defaultValue = "2", description = "Segments checked at once, per side (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--rows-per-second", defaultValue = "0", description = "Most source rows read per second; 0 for no limit.")
    long rowsPerSecond;

    @Option(names = "--checkpoint", description = "File that records finished segments; a run started again with it resumes.")
    Path checkpoint;

    @Option(names = "--live", description = "Changes still flow: report only differences that persist once the applier has "
            + "passed the position they were seen at.")
    boolean live;

    @Option(names = "--convergence-timeout", defaultValue = "120", description = "Live mode: seconds a difference may take to go away.")
    long convergenceTimeout;

    @Option(names = "--json", description = "Print the report as JSON (and progress as JSON lines on stderr).")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "No progress output on stderr.")
    boolean quiet;

    @Option(names = "--report", description = "Also write the JSON report to this file.")
    Path report;

    @Option(names = "--serve", paramLabel = "PORT", description = "Run as a service on this port (0: any free port): "
            + "POST /runs, GET /runs/{id}, GET /runs/{id}/report, GET /metrics.")
    Integer serve;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address the service listens on (default: ${DEFAULT-VALUE}).")
    String bind;

    @Override
    public Integer call() throws Exception {
        PipelineConfig loaded = ConfigLoader.load(config);
        // Only live mode reads Kafka (the pipeline's positions); a one-off validation works with the broker down.
        PipelineConfig pipeline = live || serve != null ? EmbeddedBroker.resolve(loaded) : loaded;
        ValidationOptions options = new ValidationOptions(segmentRows, ValidationOptions.DEFAULTS.rowDiffRows(), concurrency,
                rowsPerSecond, checkpoint, null);
        PipelineValidation validation = new PipelineValidation(pipeline, options);
        if (serve != null) {
            io.ferry.core.metrics.Health health = new io.ferry.core.metrics.Health()
                    .add("source", () -> connects(validation.source()))
                    .add("target", () -> connects(validation.target()));
            try (UntilStopped until = new UntilStopped("validator", Duration.ofMillis(io.ferry.core.config.ServiceDefaults.SHUTDOWN_TIMEOUT_MS));
                 ValidatorServer server = new ValidatorServer(bind, serve, validation, health)) {
                System.out.println("validator service on http://" + bind + ":" + server.port());
                until.await();
            }
            return 0;
        }
        RunRequest request = new RunRequest(tables, null, null, null, live ? convergenceTimeout : null);
        AtomicReference<Progress> progress = new AtomicReference<>();
        // Progress goes to stderr, so that stdout keeps the report alone (and --json stays valid JSON).
        TerminalProgress terminal = new TerminalProgress(System.err, TerminalProgress.Mode.choose(quiet, json, System.console() != null));
        long started = System.nanoTime();
        Thread printer = new Thread(() -> {
            try {
                while (true) {
                    Thread.sleep(terminal.mode() == TerminalProgress.Mode.BAR ? 1000 : 2000);
                    Progress p = progress.get();
                    if (p != null) {
                        terminal.show(new TerminalProgress.Reading("validate", p.checkedRows(), p.totalRows(),
                                Map.of("segments", p.segmentsDone() + "/" + p.segmentsTotal(), "table", p.table())),
                                System.currentTimeMillis(), (System.nanoTime() - started) / 1e9);
                    }
                }
            } catch (InterruptedException done) {
                // the run is over
            }
        }, "ferry-validate-progress");
        printer.setDaemon(true);
        printer.start();
        ValidationReport result;
        try {
            result = validation.run(request, progress::set);
        } finally {
            printer.interrupt();
            printer.join(5000);
            terminal.finish();
        }
        if (report != null) {
            Files.writeString(report, result.json());
        }
        System.out.print(json ? result.json() + "\n" : result.text());
        // Not part of the checksum report: on stderr with --json, so that the JSON stays the validator's.
        (json ? System.err : System.out).println(deadLetters(loaded));
        return result.hasDifferences() ? 1 : 0;
    }

    private static String connects(io.ferry.validator.Side side) throws java.sql.SQLException {
        try (java.sql.Connection c = side.open()) {
            return c.isValid(3) ? null : "the " + side.label() + " connection does not answer";
        }
    }

    /**
     * The pipeline's parked records, which explain differences the report may show; "unknown" when the broker or the
     * target cannot be read (a one-off validation works without Kafka).
     */
    static String deadLetters(PipelineConfig loaded) {
        try {
            PipelineConfig pipeline = EmbeddedBroker.resolve(loaded);
            long n = new PipelineDeadLetters(pipeline, () -> TargetConnections.open(pipeline.target(), "ferry-validate"),
                    java.time.Duration.ofSeconds(10)).count();
            return "dead letters of pipeline " + pipeline.name() + ": " + n + " parked, not replayed"
                    + (n > 0 ? " (their changes are missing on the target; see ferry dlq list, then ferry dlq replay)" : "");
        } catch (Exception e) {
            return "dead letters of pipeline " + loaded.name() + ": unknown (" + e.getMessage() + ")";
        }
    }
}
