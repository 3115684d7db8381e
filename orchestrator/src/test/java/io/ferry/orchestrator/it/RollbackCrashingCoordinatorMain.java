package io.ferry.orchestrator.it;

import io.ferry.core.config.SourceKind;
import io.ferry.core.fault.FaultPoints;
import io.ferry.orchestrator.cutover.Coordinator;
import io.ferry.orchestrator.cutover.CutoverPlan;
import io.ferry.orchestrator.cutover.CutoverReport;
import io.ferry.orchestrator.cutover.FlipBackStep;
import io.ferry.orchestrator.cutover.FlipStep;
import io.ferry.orchestrator.cutover.FreezeStep;
import io.ferry.orchestrator.cutover.PhaseStep;
import io.ferry.orchestrator.cutover.PreChecksStep;
import io.ferry.orchestrator.cutover.ReadOnlyFreeze;
import io.ferry.orchestrator.cutover.RollbackPlan;
import io.ferry.orchestrator.cutover.UnfreezeSourceStep;
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
 * A coordinator with a real store, the real source freeze (read_only on MariaDB) and the real target freeze (the
 * application role's default_transaction_read_only on PostgreSQL), with stand-ins for the pipeline's steps, for the
 * rollback's crash tests: {@code -Dferry.fault=rollback.after-freeze-target} halts it there. Arguments: MariaDB JDBC URL
 * (root), PostgreSQL JDBC URL (superuser), its database, the application's PostgreSQL role, migration name, then
 * {@code flip} (a cutover that holds at FLIPPED), {@code rollback}, or {@code recover} (only take the migration).
 */
public final class RollbackCrashingCoordinatorMain {

    public static void main(String[] args) throws Exception {
        Connections source = () -> DriverManager.getConnection(args[0], "root", "");
        Connections target = () -> DriverManager.getConnection(args[1], "postgres", "");
        ReadOnlyFreeze sourceFreeze = new ReadOnlyFreeze(source, io.ferry.capture.engine.SourceEngines.of(io.ferry.core.config.SourceKind.MARIADB).readOnlyFreeze("", null));
        ReadOnlyFreeze targetFreeze = new ReadOnlyFreeze(target, io.ferry.capture.engine.SourceEngines.of(io.ferry.core.config.SourceKind.POSTGRESQL).readOnlyFreeze(args[2], args[3]));
        ReadinessSignals healthy = new ReadinessSignals(Duration.ZERO, Duration.ofMinutes(1), 0, true, true, true);
        CutoverPlan cutover = new CutoverPlan(List.of(
                new PreChecksStep(() -> healthy, new ReadinessGate(Duration.ofSeconds(2), Duration.ofSeconds(1)), sourceFreeze),
                new FreezeStep(sourceFreeze), new WatermarkStep(io.ferry.capture.engine.SourceEngines.of(SourceKind.MARIADB), source),
                StandInStep.reaching("drain", MigrationPhase.DRAINED), StandInStep.reaching("final-validation", MigrationPhase.VALIDATED),
                StandInStep.reaching("reverse-replication", null), new FlipStep()),
                sourceFreeze, List.of(StandInStep.reaching("start-reverse", null)), List.of(StandInStep.reaching("end-reverse", null)));
        RollbackPlan rollback = new RollbackPlan(List.of(
                new PhaseStep("freeze-target", new FreezeStep(targetFreeze), MigrationPhase.ROLLBACK_FROZEN),
                new PhaseStep("target-watermark", new WatermarkStep(io.ferry.capture.engine.SourceEngines.of(SourceKind.POSTGRESQL), target), null),
                StandInStep.reaching("reverse-drain", MigrationPhase.ROLLBACK_DRAINED),
                StandInStep.reaching("rollback-validation", MigrationPhase.ROLLBACK_VALIDATED),
                new FlipBackStep()),
                targetFreeze, List.of(new UnfreezeSourceStep(sourceFreeze), StandInStep.reaching("end-reverse", null)), () -> null);
        Coordinator c = Coordinator.start(new JdbcMigrationStore(target), args[4], MigrationPhase.STREAMING,
                "rollback-crash-" + ProcessHandle.current().pid(), m -> cutover, m -> rollback, null, Duration.ofSeconds(10),
                FaultPoints.fromSystemProperty());
        CutoverReport r = switch (args[5]) {
            case "flip" -> c.cutover(false, "crash-test");
            case "rollback" -> c.rollback(false, "crash-test");
            default -> null;
        };
        if (r != null) {
            System.out.println(r.text());
        }
        System.out.println("phase " + c.migration().phase());
        System.exit(0);
    }
}
