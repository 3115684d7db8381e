package io.ferry.orchestrator.cli;

import io.ferry.core.config.ConfigLoader;
import io.ferry.orchestrator.observe.TerminalProgress;
import io.ferry.orchestrator.run.MigrationRun;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Runs the whole migration of a pipeline in this process: the embedded Kafka broker when the pipeline "
                + "names none (its data kept in kafka.dataDir, default ferry-data/<name>/kafka), the target tables, "
                + "capture and the applier, and the migration's coordinator with its admin API and status page (cutover.api). "
                + "Stops on Ctrl-C or SIGTERM; started again, it resumes where it stopped.")
final class RunCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, required = true, description = "The pipeline file.")
    Path config;

    @Option(names = "--progress-interval", defaultValue = "10", description = "Seconds between progress lines when the output is not a terminal, and between --json lines "
            + "(default: ${DEFAULT-VALUE}); on a terminal a progress bar is redrawn every second.")
    long progressSeconds;

    @Option(names = "--validator-port", defaultValue = "-1", description = "Also serve the validator's HTTP API (as ferry validate "
            + "--serve) on 127.0.0.1 at this port; 0 for any free port, -1 (the default) for none.")
    int validatorPort;

    @Option(names = {"-q", "--quiet"}, description = "No progress output (start-up lines and errors still print).")
    boolean quiet;

    @Option(names = "--json", description = "Progress as one JSON object per line (every --progress-interval).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        MigrationRun run = new MigrationRun(ConfigLoader.load(config), p -> {
            try {
                return SchemaCommand.plan(p);
            } catch (Exception e) {
                throw new IllegalStateException("cannot plan the target schema: " + e.getMessage(), e);
            }
        }, System.out).withValidatorService(validatorPort)
                .withProgress(TerminalProgress.Mode.choose(quiet, json, System.console() != null));
        CountDownLatch closed = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            System.out.println("ferry run: stopping");
            run.close();
            closed.countDown();
        }, "ferry-run-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            run.start();
            Throwable failure = run.awaitStop(Duration.ofSeconds(progressSeconds));
            if (failure != null) {
                System.err.println("ferry run: the pipeline failed: " + failure.getMessage());
                return 1;
            }
            closed.await();
            return 0;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it closes the run
            }
            if (closed.getCount() > 0) {
                run.close();
            }
        }
    }
}
