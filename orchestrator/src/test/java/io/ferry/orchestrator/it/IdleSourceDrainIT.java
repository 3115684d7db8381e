package io.ferry.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.core.fault.FaultPoints;
import io.ferry.orchestrator.cutover.CleanPass;
import io.ferry.orchestrator.cutover.Coordinator;
import io.ferry.orchestrator.cutover.CutoverPlans;
import io.ferry.orchestrator.cutover.CutoverReport;
import io.ferry.orchestrator.migration.JdbcMigrationStore;
import io.ferry.orchestrator.migration.MigrationPhase;
import io.ferry.orchestrator.migration.ReadinessSignals;
import io.ferry.orchestrator.pipeline.LocalPipeline;
import io.ferry.validator.ValidationOptions;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A cutover of a source that nothing writes to, whose last transaction before the freeze is DDL on a database the
 * pipeline does not capture: capture's stored GTID position never counts that statement, so the drain used to wait out
 * the freeze budget and abort. The drain's rotation of the binary log ({@code CaptureNudge}) lets it see capture read
 * past the log's end at the freeze, and the cutover completes.
 */
class IdleSourceDrainIT {

    @Test
    void theDrainPassesWhenTheLastTransactionIsUncapturedDdl() throws Exception {
        PipelineFixture f = new PipelineFixture("idle_drain_it", "stop", 500);
        f.sourceSql("CREATE TABLE orders (id BIGINT PRIMARY KEY, amount INT NOT NULL)", "INSERT INTO orders VALUES (1, 1), (2, 2)");
        f.targetSql("CREATE SCHEMA IF NOT EXISTS app", "CREATE TABLE app.orders (id bigint PRIMARY KEY, amount integer NOT NULL)");
        JdbcMigrationStore store = new JdbcMigrationStore(f::target);
        try (LocalPipeline pipeline = f.startInProcess()) {
            Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> pipeline.capture().stats().streaming());
            pipeline.awaitCaughtUp(Duration.ofSeconds(90));
            CleanPass cleanPass = f.cleanPass(ValidationOptions.DEFAULTS);
            // The last transaction on the source: DDL outside the captured database.
            try (Connection root = f.sandbox.mariadb().connect(""); Statement s = root.createStatement()) {
                s.execute("SET GLOBAL read_only = 0");
                s.execute("CREATE DATABASE IF NOT EXISTS idle_drain_other");
                s.execute("CREATE TABLE idle_drain_other.t" + System.nanoTime() + " (id INT PRIMARY KEY)");
            }
            CutoverPlans.Inputs inputs = new CutoverPlans.Inputs(
                    () -> new ReadinessSignals(Duration.ZERO, Duration.ofMinutes(1), 0, true, pipeline.failure() == null, pipeline.failure() == null),
                    () -> pipeline.capture().stats().lastAckedOffset(), pipeline::failure, () -> Optional.of(cleanPass), List.of(), List.of(),
                    () -> f.sandbox.mariadb().connect(""));
            Coordinator coordinator = Coordinator.start(store, f.name, MigrationPhase.STREAMING, "idle-drain-it",
                    m -> CutoverPlans.standard(f.config, inputs), Duration.ofSeconds(10), new FaultPoints(null));
            CutoverReport report = coordinator.cutover(false, "idle-drain-it");
            System.out.println(report.text());
            assertThat(report.outcome()).as(report.text()).isEqualTo(CutoverReport.Outcome.COMPLETE);
            // Capture's GTID position never counts the DDL: the drain passed because capture read past the log's end.
            assertThat(report.text()).contains("ran FLUSH BINARY LOGS", "capture read past the end of the source's log at the freeze");
        } finally {
            try (Connection root = f.sandbox.mariadb().connect(""); Statement s = root.createStatement()) {
                s.execute("SET GLOBAL read_only = 0");
            }
        }
    }
}
