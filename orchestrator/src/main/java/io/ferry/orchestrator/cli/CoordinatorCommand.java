package io.ferry.orchestrator.cli;

import io.ferry.core.config.ConfigLoader;
import io.ferry.core.config.PipelineConfig;
import io.ferry.orchestrator.cutover.CoordinatorRuntime;
import io.ferry.orchestrator.migration.MigrationPhase;
import io.ferry.orchestrator.pipeline.CaptureOffsets;
import io.ferry.orchestrator.run.EmbeddedBroker;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "coordinator", mixinStandardHelpOptions = true,
        description = "Runs the coordinator of a pipeline's migration with its admin API (cutover.api in the pipeline file), "
                + "against capture and applier running as their own services. Resumes a cutover a dead coordinator left: "
                + "before the flip it unfreezes the source, after it it completes.")
final class CoordinatorCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, required = true, description = "The pipeline file.")
    Path config;

    @Option(names = "--validation-pause", defaultValue = "60", description = "Seconds between live validation passes (default: ${DEFAULT-VALUE}).")
    long validationPauseSeconds;

    @Option(names = "--convergence-timeout", defaultValue = "120", description = "Live validation: seconds a difference may take to go away.")
    long convergenceTimeout;

    @Override
    public Integer call() throws Exception {
        PipelineConfig pipeline = EmbeddedBroker.resolve(ConfigLoader.load(config));
        String actor = "coordinator@" + InetAddress.getLocalHost().getHostName() + "/" + ProcessHandle.current().pid();
        try (UntilStopped until = new UntilStopped("coordinator", Duration.ofMillis(io.ferry.core.config.ServiceDefaults.SHUTDOWN_TIMEOUT_MS));
             CaptureOffsets captureOffsets = new CaptureOffsets(pipeline);
             CoordinatorRuntime runtime = CoordinatorRuntime.start(pipeline, () -> {
                 synchronized (captureOffsets) {
                     return captureOffsets.latest();
                 }
             }, () -> null, SchemaCommand.plan(pipeline), MigrationPhase.COPYING, actor,
                     Duration.ofSeconds(validationPauseSeconds), Duration.ofSeconds(convergenceTimeout))) {
            System.out.println("coordinator of " + pipeline.name() + " on " + runtime.url(pipeline));
            until.await();
        }
        return 0;
    }
}
