package io.ferry.orchestrator.cli;

import io.ferry.apply.jdbc.TargetConnections;
import io.ferry.capture.SourceTables;
import io.ferry.core.config.ConfigLoader;
import io.ferry.core.config.PipelineConfig;
import io.ferry.orchestrator.schema.SchemaApplier;
import io.ferry.orchestrator.schema.SchemaPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "schema", mixinStandardHelpOptions = true,
        description = "Converts the source's tables into PostgreSQL DDL: writes a reviewable plan, or applies it.")
final class SchemaCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, required = true, description = "The pipeline file.")
    Path config;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Mode mode;

    static final class Mode {
        @Option(names = "--plan", paramLabel = "FILE", description = "Write the plan as SQL to FILE (- for standard output).")
        String plan;

        @Option(names = "--apply", description = "Create what is missing on the target (section 1); a differing table stops it.")
        boolean apply;

        @Option(names = "--apply-after-drain", description = "After the final drain (section 2): sequences, unique indexes made unique, foreign keys NOT VALID, "
                + "then VALIDATE; safe to run again.")
        boolean afterDrain;
    }

    @Override
    public Integer call() throws Exception {
        PipelineConfig pipeline = ConfigLoader.load(config);
        SchemaPlan plan = plan(pipeline);
        if (mode.plan != null) {
            if (mode.plan.equals("-")) {
                System.out.print(plan.toSql());
            } else {
                Files.writeString(Path.of(mode.plan), plan.toSql());
                System.out.println("plan written to " + mode.plan + " (" + plan.findings().size() + " findings)");
            }
            return 0;
        }
        try (Connection pg = TargetConnections.open(pipeline.target(), "ferry-schema")) {
            if (mode.apply) {
                SchemaApplier.applyBeforeCopy(pg, plan);
            } else {
                SchemaApplier.applyAfterDrain(pg, plan, System.out::println);
            }
        }
        plan.findings().forEach(f -> System.out.println("finding: " + f));
        System.out.println("applied to " + TargetConnections.url(pipeline.target()));
        return 0;
    }

    static SchemaPlan plan(PipelineConfig pipeline) throws Exception {
        try (Connection source = SourceTables.connect(pipeline.source())) {
            return io.ferry.orchestrator.engine.SourceCatalog.of(pipeline).read(source).plan(List.of());
        }
    }
}
