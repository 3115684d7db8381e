package io.ferry.orchestrator.cli;

import io.ferry.orchestrator.cutover.CutoverReport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "abort", mixinStandardHelpOptions = true,
        description = "Aborts a cutover before the flip: the source is unfrozen and the migration streams on. Refused after the flip.")
final class AbortCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, required = true, description = "The pipeline file.")
    Path config;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        return AdminCall.post(config, "abort", null, json, CutoverReport.Outcome.ABORTED);
    }
}
