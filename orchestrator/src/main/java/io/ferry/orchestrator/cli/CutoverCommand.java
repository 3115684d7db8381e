package io.ferry.orchestrator.cli;

import io.ferry.orchestrator.cutover.CutoverReport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "cutover", mixinStandardHelpOptions = true,
        description = "Asks the coordinator to cut the application over to the target: pre-checks, changed keys read ahead, freeze, "
                + "watermark, drain, final validation, unique indexes, fix-ups, flip. Aborts and unfreezes the source if the freeze budget runs out or a step fails. "
                + "Exit code 0 when the route names the target.")
final class CutoverCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, required = true, description = "The pipeline file (its cutover.api section says where the coordinator listens).")
    Path config;

    @Option(names = "--dry-run", description = "Report what every step would do (positions, lag, changed keys, SQL, hooks); change nothing.")
    boolean dryRun;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        return dryRun
                ? AdminCall.post(config, "cutover", "dryRun=true", json, CutoverReport.Outcome.DRY_RUN)
                : AdminCall.post(config, "cutover", null, json, CutoverReport.Outcome.COMPLETE, CutoverReport.Outcome.FLIPPED);
    }
}
