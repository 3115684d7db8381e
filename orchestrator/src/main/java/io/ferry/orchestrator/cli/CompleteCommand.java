package io.ferry.orchestrator.cli;

import io.ferry.orchestrator.cutover.CutoverReport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "complete", mixinStandardHelpOptions = true,
        description = "Completes a flipped migration: runs the post-flip steps (flip hook, constraint validation) again if they failed; "
                + "with reverse replication, ends it and removes the migration's slots, publications, topics and consumer groups (no user data).")
final class CompleteCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, required = true, description = "The pipeline file.")
    Path config;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        return AdminCall.post(config, "complete", null, json, CutoverReport.Outcome.COMPLETE);
    }
}
