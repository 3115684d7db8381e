package io.ferry.orchestrator.cli;

import io.ferry.apply.streams.ApplierMain;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "apply", mixinStandardHelpOptions = true, description = "Runs the applier for a pipeline file until stopped.")
final class ApplyCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, required = true, description = "The pipeline file.")
    Path config;

    @Override
    public Integer call() throws Exception {
        ApplierMain.main(new String[] {config.toString()});
        return 0;
    }
}
