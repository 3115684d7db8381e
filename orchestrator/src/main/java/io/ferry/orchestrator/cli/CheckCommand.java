package io.ferry.orchestrator.cli;

import io.ferry.apply.jdbc.TargetConnections;
import io.ferry.capture.SourceTables;
import io.ferry.core.config.ConfigLoader;
import io.ferry.core.config.PipelineConfig;
import io.ferry.orchestrator.check.CheckReport;
import io.ferry.orchestrator.check.Finding;
import io.ferry.orchestrator.check.TargetChecks;
import io.ferry.orchestrator.engine.SourceCatalog;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Checks source and target prerequisites and what of the source Ferry cannot carry; exit code 1 on errors.")
final class CheckCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, required = true, description = "The pipeline file.")
    Path config;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PipelineConfig pipeline = ConfigLoader.load(config);
        SourceCatalog catalog = SourceCatalog.of(pipeline);
        List<Finding> findings = new ArrayList<>();
        SourceCatalog.Selection selection = null;
        try (Connection source = SourceTables.connect(pipeline.source())) {
            selection = catalog.read(source);
            findings.addAll(selection.check(source));
        } catch (SQLException e) {
            findings.add(new Finding(Finding.Severity.ERROR, "source.connect", SourceTables.jdbcUrl(pipeline.source()), e.getMessage()));
        }
        try (Connection target = TargetConnections.open(pipeline.target(), "ferry-check")) {
            if (selection != null) {
                findings.addAll(TargetChecks.run(target, selection.plan(findings)));
                if (pipeline.cutover().reverse().enabled()) {
                    findings.addAll(selection.reverseChecks(target, findings));
                }
            }
        } catch (SQLException e) {
            findings.add(new Finding(Finding.Severity.ERROR, "target.connect", TargetConnections.url(pipeline.target()), e.getMessage()));
        }
        return report(findings);
    }

    private Integer report(List<Finding> findings) {
        CheckReport report = new CheckReport(findings);
        System.out.print(json ? report.json() + "\n" : report.text());
        return report.hasErrors() ? 1 : 0;
    }
}
