package io.ferry.orchestrator.it;

import io.ferry.core.config.SourceKind;
import io.ferry.core.fault.FaultPoints;
import io.ferry.orchestrator.cutover.Coordinator;
import io.ferry.orchestrator.cutover.CutoverContext;
import io.ferry.orchestrator.cutover.CutoverPlan;
import io.ferry.orchestrator.cutover.CutoverReport;
import io.ferry.orchestrator.cutover.CutoverStep;
import io.ferry.orchestrator.cutover.FlipStep;
import io.ferry.orchestrator.cutover.FreezeStep;
import io.ferry.orchestrator.cutover.PreChecksStep;
import io.ferry.orchestrator.cutover.ReadOnlyFreeze;
import io.ferry.orchestrator.cutover.StepReport;
import io.ferry.orchestrator.cutover.WatermarkStep;
import io.ferry.orchestrator.migration.Connections;
import io.ferry.orchestrator.migration.JdbcMigrationStore;
import io.ferry.orchestrator.migration.MigrationPhase;
import io.ferry.orchestrator.migration.ReadinessGate;
import io.ferry.orchestrator.migration.ReadinessSignals;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;

/**
 * A coordinator with a real store and a real read_only freeze (drain and validation stand in, this is about the
 * coordinator's own crash and recovery), for crash tests: {@code -Dferry.fault=cutover.after-freeze} halts it there.
 * Arguments: MariaDB JDBC URL (root), PostgreSQL JDBC URL (superuser), migration name, then {@code cutover} to run
 * one or {@code recover} to only take the migration (which recovers it) and exit.
 */
public final class CrashingCoordinatorMain {

    public static void main(String[] args) throws Exception {
        Connections source = () -> DriverManager.getConnection(args[0], "root", "");
        Connections target = () -> DriverManager.getConnection(args[1], "postgres", "");
        Coordinator c = Coordinator.start(new JdbcMigrationStore(target), args[2], MigrationPhase.STREAMING, "crash-" + ProcessHandle.current().pid(),
                m -> plan(source), Duration.ofSeconds(10), FaultPoints.fromSystemProperty());
        if (args[3].equals("cutover")) {
            CutoverReport r = c.cutover(false, "crash-test");
            System.out.println(r.text());
        }
        System.out.println("phase " + c.migration().phase());
        System.exit(0);
    }

    static CutoverPlan plan(Connections source) {
        ReadinessSignals healthy = new ReadinessSignals(Duration.ZERO, Duration.ofMinutes(1), 0, true, true, true);
        ReadOnlyFreeze freeze = new ReadOnlyFreeze(source, io.ferry.capture.engine.SourceEngines.of(io.ferry.core.config.SourceKind.MARIADB).readOnlyFreeze("", null));
        return new CutoverPlan(List.of(new PreChecksStep(() -> healthy, new ReadinessGate(Duration.ofSeconds(2), Duration.ofSeconds(1)), freeze),
                new FreezeStep(freeze), new WatermarkStep(io.ferry.capture.engine.SourceEngines.of(SourceKind.MARIADB), source), StandInStep.reaching("drain", MigrationPhase.DRAINED),
                StandInStep.reaching("final-validation", MigrationPhase.VALIDATED), new FlipStep()), freeze, List.of(StandInStep.reaching("validate-constraints", null)));
    }

}
