package io.ferry.orchestrator.cli;

import io.ferry.capture.CaptureMain;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "capture", mixinStandardHelpOptions = true, description = "Runs capture for a pipeline file until stopped.")
final class CaptureCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, required = true, description = "The pipeline file.")
    Path config;

    @Override
    public Integer call() throws Exception {
        CaptureMain.main(new String[] {config.toString()});
        return 0;
    }
}
