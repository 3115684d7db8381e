package io.ferry.orchestrator.cli;

import io.ferry.apply.jdbc.TargetConnections;
import io.ferry.capture.SourceTables;
import io.ferry.core.config.ConfigLoader;
import io.ferry.core.config.PipelineConfig;
import io.ferry.orchestrator.check.CheckReport;
import io.ferry.orchestrator.check.Finding;
import io.ferry.orchestrator.check.FreezeChecks;
import io.ferry.orchestrator.check.RowSizes;
import io.ferry.orchestrator.check.SourceChecks;
import io.ferry.orchestrator.check.TargetChecks;
import io.ferry.core.config.SourceKind;
import io.ferry.orchestrator.check.PostgresSourceChecks;
import io.ferry.orchestrator.schema.MySqlCatalogReader;
import io.ferry.orchestrator.schema.PostgresCatalogReader;
import io.ferry.orchestrator.schema.PostgresSchemaPlanner;
import io.ferry.orchestrator.schema.PostgresSourceTable;
import io.ferry.orchestrator.schema.MySqlTable;
import io.ferry.orchestrator.schema.SchemaPlanner;
import io.ferry.core.schema.mapping.TypeMapper;
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
        TypeMapper types = new TypeMapper(pipeline.types());
        List<Finding> findings = new ArrayList<>();
        if (pipeline.source().kind() == SourceKind.POSTGRESQL) {
            return postgresSource(pipeline, findings);
        }
        List<MySqlTable> tables = List.of();
        try (Connection source = SourceTables.connect(pipeline.source())) {
            tables = MySqlCatalogReader.readSelected(source, pipeline);
            findings.addAll(SourceChecks.run(source, pipeline.source().database(), tables, types,
                    pipeline.tables().withoutPrimaryKey()));
            findings.addAll(FreezeChecks.run(source, pipeline.cutover()));
            findings.addAll(RowSizes.run(source, tables, pipeline.kafka().maxMessageBytes()));
        } catch (SQLException e) {
            findings.add(new Finding(Finding.Severity.ERROR, "source.connect", SourceTables.jdbcUrl(pipeline.source()), e.getMessage()));
        }
        try (Connection target = TargetConnections.open(pipeline.target(), "ferry-check")) {
            List<MySqlTable> supported = tables.stream().filter(t -> findings.stream()
                    .noneMatch(f -> f.code().equals("type.unsupported") && f.subject().startsWith(t.id() + "."))).toList();
            findings.addAll(TargetChecks.run(target, new SchemaPlanner(types, pipeline.tables().withoutPrimaryKey()).plan(supported, pipeline.target().schema())));
            if (pipeline.cutover().reverse().enabled()) {
                findings.addAll(io.ferry.orchestrator.check.ReverseChecks.run(target, pipeline.target().schema(), supported, types));
            }
        } catch (SQLException e) {
            findings.add(new Finding(Finding.Severity.ERROR, "target.connect", TargetConnections.url(pipeline.target()), e.getMessage()));
        }
        return report(findings);
    }

    private Integer postgresSource(PipelineConfig pipeline, List<Finding> findings) {
        List<PostgresSourceTable> tables = List.of();
        try (Connection source = SourceTables.connect(pipeline.source())) {
            tables = PostgresCatalogReader.readSelected(source, pipeline);
            findings.addAll(PostgresSourceChecks.run(source, tables, pipeline.tables().withoutPrimaryKey()));
        } catch (SQLException e) {
            findings.add(new Finding(Finding.Severity.ERROR, "source.connect", SourceTables.jdbcUrl(pipeline.source()), e.getMessage()));
        }
        try (Connection target = TargetConnections.open(pipeline.target(), "ferry-check")) {
            findings.addAll(TargetChecks.run(target, new PostgresSchemaPlanner(pipeline.tables().withoutPrimaryKey())
                    .plan(tables, pipeline.target().schema())));
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
