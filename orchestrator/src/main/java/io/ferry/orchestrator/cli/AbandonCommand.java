package io.ferry.orchestrator.cli;

import io.ferry.capture.engine.SourceEngine;
import io.ferry.capture.engine.SourceEngines;
import io.ferry.core.config.ConfigLoader;
import io.ferry.core.config.PipelineConfig;
import io.ferry.apply.jdbc.TargetConnections;
import io.ferry.orchestrator.migration.JdbcMigrationStore;
import io.ferry.orchestrator.migration.MigrationPhase;
import io.ferry.orchestrator.migration.MigrationState;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "abandon", mixinStandardHelpOptions = true,
        description = "Gives up a migration that was not cut over: releases what capture holds on the source (a PostgreSQL "
                + "source's replication slot and publication, which would otherwise keep WAL). Stop capture first. Refused "
                + "while a cutover is under way and after the flip (ferry complete releases the slot then).")
final class AbandonCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, required = true, description = "The pipeline file.")
    Path config;

    @Override
    public Integer call() throws Exception {
        PipelineConfig pipeline = ConfigLoader.load(config);
        Optional<MigrationPhase> phase;
        try {
            phase = new JdbcMigrationStore(io.ferry.apply.dialect.TargetDialects.of(pipeline.target().kind()),
                    () -> TargetConnections.open(pipeline.target(), "ferry-abandon"))
                    .load(pipeline.name()).map(MigrationState::phase);
        } catch (java.sql.SQLException e) {
            System.err.println("abandon: cannot read the migration's state from target " + pipeline.target().host() + ":"
                    + pipeline.target().port() + ": " + e.getMessage());
            return 1;
        }
        String refusal = refusal(phase);
        if (refusal != null) {
            System.err.println("abandon: refused: " + refusal);
            return 1;
        }
        SourceEngine engine = SourceEngines.of(pipeline.source().kind());
        try {
            System.out.println("abandon: " + engine.releaseCapture(pipeline.source(), pipeline.name()));
            return 0;
        } catch (java.sql.SQLException e) {
            System.err.println("abandon: could not release what capture holds on the source (is capture still running? "
                    + "stop it first): " + e.getMessage());
            return 1;
        }
    }

    /** Why a migration in {@code phase} (empty: no coordinator ever ran) may not be abandoned, or null when it may. */
    static String refusal(Optional<MigrationPhase> phase) {
        if (phase.isEmpty()) {
            return null;
        }
        return switch (phase.get()) {
            case FROZEN, DRAINED, VALIDATED -> "a cutover is under way (phase " + phase.get()
                    + "): abort it first (ferry abort), which unfreezes the source";
            case FLIPPED, COMPLETE -> "the migration flipped (phase " + phase.get()
                    + "): it is not abandoned but finished; ferry complete releases the replication slot";
            case ROLLBACK_FROZEN, ROLLBACK_DRAINED, ROLLBACK_VALIDATED -> "a rollback is under way (phase " + phase.get()
                    + "): let it finish (ferry rollback resumes it)";
            // Rolled back: the application writes on the source again, and what is left of the migration may go.
            case PLANNED, COPYING, STREAMING, READY, ABORTED, FAILED, ROLLED_BACK -> null;
        };
    }
}
