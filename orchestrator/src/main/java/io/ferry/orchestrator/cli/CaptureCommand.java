package io.ferry.orchestrator.cli;

import io.ferry.capture.CaptureMain;
import io.ferry.capture.registry.CaptureRegistry;
import io.ferry.capture.registry.RegistryEndpoint;
import io.ferry.core.config.Connectors;
import io.ferry.core.service.ServiceMain;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "capture", mixinStandardHelpOptions = true,
        description = {"Runs capture until stopped, for one pipeline file (-c) or every pipeline file of a folder (--pipelines).",
                "With --pipelines it watches that folder and the connector registry, and starts, restarts and stops engines as "
                        + "files come, change and go."})
final class CaptureCommand implements Callable<Integer> {

    static final class Source {
        @Option(names = {"-c", "--config"}, required = true, description = "The pipeline file.")
        Path config;

        @Option(names = "--pipelines", required = true, description = "A folder of pipeline files (config/pipelines), watched.")
        Path pipelines;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--connectors", description = "The connector registry folder, watched with --pipelines "
            + "(default: the folder 'connectors' beside the pipeline folder).")
    Path connectors;

    @Option(names = "--poll-ms", defaultValue = "2000", description = "How often --pipelines and --connectors are looked at, in ms "
            + "(default: ${DEFAULT-VALUE}).")
    long pollMs;

    @Option(names = "--port", defaultValue = "-1", description = "With --pipelines: serve /registry (each pipeline file's state, "
            + "read by `ferry connectors list --capture`), /metrics and /health/* on this port (default: none).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "The address --port listens on (default: ${DEFAULT-VALUE}).")
    String bind;

    @Override
    public Integer call() throws Exception {
        if (source.config != null) {
            CaptureMain.main(new String[] {source.config.toString()});
            return 0;
        }
        if (pollMs < 100) {
            System.err.println("--poll-ms must be at least 100, got " + pollMs);
            return 2;
        }
        if (!java.nio.file.Files.isDirectory(source.pipelines)) {
            System.err.println("--pipelines " + source.pipelines + " is not a directory (the pipeline folder: one YAML file per pipeline)");
            return 2;
        }
        Path registry = connectors != null ? connectors : Connectors.besidePipelineFolder(source.pipelines, System::getenv).dir();
        ServiceMain.runUntilStopped("capture", () -> {
            CaptureRegistry capture = new CaptureRegistry(source.pipelines, registry, Duration.ofMillis(pollMs), System::getenv).start();
            if (port >= 0) {
                try {
                    RegistryEndpoint.serve(capture, bind, port);
                } catch (java.io.IOException e) {
                    // Monitoring must not stop the data, as with the single-pipeline services.
                    System.err.println("capture: WARNING: cannot serve /registry, /metrics and /health on " + bind + ":" + port
                            + ": " + e.getMessage() + "; running without them");
                }
            }
            return capture;
        });
        return 0;
    }
}
