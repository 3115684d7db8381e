package io.ferry.orchestrator.cli;

import io.ferry.orchestrator.cutover.CutoverReport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = "Asks the coordinator to take a flipped migration back to its source (needs cutover.reverse.enabled): freeze "
                + "the target, drain reverse replication, validate the tables written since the flip, flip the routing back, "
                + "unfreeze the source. Aborts and unfreezes the target if the freeze budget runs out or a step fails. "
                + "Exit code 0 when the route names the source.")
final class RollbackCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, required = true, description = "The pipeline file (its cutover.api section says where the coordinator listens).")
    Path config;

    @Option(names = "--dry-run", description = "Report what every step would do; change nothing.")
    boolean dryRun;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        return dryRun
                ? AdminCall.post(config, "rollback", "dryRun=true", json, CutoverReport.Outcome.DRY_RUN)
                : AdminCall.post(config, "rollback", null, json, CutoverReport.Outcome.ROLLED_BACK);
    }
}
