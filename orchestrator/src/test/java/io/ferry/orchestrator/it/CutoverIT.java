package io.ferry.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.core.fault.FaultPoints;
import io.ferry.orchestrator.cutover.CleanPass;
import io.ferry.orchestrator.cutover.Coordinator;
import io.ferry.orchestrator.demo.RoutedWriter;
import io.ferry.orchestrator.demo.WriteLedger;
import io.ferry.orchestrator.cutover.CutoverPlans;
import io.ferry.orchestrator.cutover.CutoverReport;
import io.ferry.orchestrator.migration.JdbcMigrationStore;
import io.ferry.orchestrator.migration.MigrationPhase;
import io.ferry.orchestrator.migration.ReadinessSignals;
import io.ferry.orchestrator.migration.Routing;
import io.ferry.orchestrator.pipeline.LocalPipeline;
import io.ferry.validator.ValidationOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A cutover of a running pipeline while an application writes through its own account and follows the route:
 * a difference planted in the target makes the final validation abort (source writable again, nothing lost); once
 * it is gone, the next cutover flips, every acknowledged write is in the target and the source takes no more writes.
 */
class CutoverIT {

    private static final String APP = "cutover_app";
    private static final String APP_PASSWORD = "app-Pw-77";
    private static final int ROWS = 2000;

    @Test
    void aPlantedDifferenceAbortsTheCutoverAndTheNextOneFlipsWithNothingLost() throws Exception {
        PipelineFixture f = new PipelineFixture("cutover_it", "stop", 500);
        f.sourceSql("CREATE TABLE orders (id BIGINT PRIMARY KEY, amount INT NOT NULL, note VARCHAR(40))");
        f.targetSql("CREATE SCHEMA IF NOT EXISTS app", "CREATE TABLE app.orders (id bigint PRIMARY KEY, amount integer NOT NULL, note varchar(40))");
        StringBuilder seed = new StringBuilder("INSERT INTO orders VALUES ");
        for (int i = 1; i <= ROWS; i++) {
            seed.append(i > 1 ? "," : "").append("(").append(i).append(",").append(i).append(",'seed')");
        }
        f.sourceSql(seed.toString());
        try (Connection root = f.sandbox.mariadb().connect(""); Statement s = root.createStatement()) {
            s.execute("SET GLOBAL read_only = 0");
            s.execute("DROP USER IF EXISTS '" + APP + "'@'%'");
            s.execute("CREATE USER '" + APP + "'@'%' IDENTIFIED BY '" + APP_PASSWORD + "'");
            s.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON " + f.name + ".* TO '" + APP + "'@'%'");
        }
        JdbcMigrationStore store = new JdbcMigrationStore(f::target);
        try (LocalPipeline pipeline = f.startInProcess()) {
            Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> pipeline.capture().stats().streaming()
                    || pipeline.capture().stats().snapshotRows().values().stream().mapToLong(Long::longValue).sum() >= ROWS);
            pipeline.awaitCaughtUp(Duration.ofSeconds(90));

            // The last clean pass, and the change topics' ends just before it.
            CleanPass cleanPass = f.cleanPass(ValidationOptions.DEFAULTS.withSegmentRows(250));

            CutoverPlans.Inputs inputs = new CutoverPlans.Inputs(
                    () -> new ReadinessSignals(Duration.ZERO, Duration.ofMinutes(1), 0, true, pipeline.failure() == null, pipeline.failure() == null),
                    () -> pipeline.capture().stats().lastAckedOffset(), pipeline::failure, () -> Optional.of(cleanPass), List.of(), List.of(),
                    () -> f.sandbox.mariadb().connect(""));
            Coordinator coordinator = Coordinator.start(store, f.name, MigrationPhase.STREAMING, "cutover-it",
                    m -> CutoverPlans.standard(f.config, inputs), Duration.ofSeconds(20), new FaultPoints(null));

            WriteLedger ledger = new WriteLedger();
            RoutedWriter writer = new RoutedWriter(coordinator::route, Routing.INITIAL, side -> side == Routing.Side.SOURCE ? appSource(f) : f.target(),
                    new Orders(), 200, Duration.ofMillis(50), ledger);
            Thread t = new Thread(writer, "cutover-it-writer");
            t.start();
            try {
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> ledger.acknowledged() > 200);

                // A difference the pipeline does not know about, on a key changed since the clean pass.
                f.sourceSql("UPDATE orders SET note = 'touched' WHERE id = 5");
                pipeline.awaitCaughtUp(Duration.ofSeconds(60));
                f.targetSql("UPDATE app.orders SET amount = -5 WHERE id = 5");

                CutoverReport aborted = coordinator.cutover(false, "cutover-it");
                assertThat(aborted.outcome()).as(aborted.text()).isEqualTo(CutoverReport.Outcome.ABORTED);
                assertThat(aborted.reason()).contains("final-validation", "1 difference");
                // The check ahead of the freeze compared the changed rows; the planted difference is among those it left to compare
                // again inside the freeze, where it is found.
                assertThat(aborted.text()).contains("checked ahead of the freeze", "row(s) different then");
                assertThat(coordinator.migration().phase()).isEqualTo(MigrationPhase.STREAMING);
                assertThat(coordinator.route().side()).isEqualTo(Routing.Side.SOURCE);
                long before = ledger.acknowledged();
                Awaitility.await("the application writes to the source again").atMost(Duration.ofSeconds(30))
                        .until(() -> ledger.acknowledged() > before + 50);
                assertThat(ledger.acknowledgedOn(Routing.Side.TARGET)).isZero();

                f.targetSql("UPDATE app.orders SET amount = 5 WHERE id = 5");
                CutoverReport flipped = coordinator.cutover(false, "cutover-it");
                System.out.println(flipped.text());
                assertThat(flipped.outcome()).as(flipped.text()).isEqualTo(CutoverReport.Outcome.COMPLETE);
                // Inside the freeze, only the rows different ahead of it and those changed after that were compared.
                assertThat(flipped.text()).contains("checked ahead of the freeze: in its 1 table(s) only the rows different then");
                assertThat(coordinator.route()).isEqualTo(new Routing(Routing.Side.TARGET, 2));
                long atFlip = ledger.acknowledgedOn(Routing.Side.TARGET);
                Awaitility.await("the application follows the route to the target").atMost(Duration.ofSeconds(30))
                        .until(() -> ledger.acknowledgedOn(Routing.Side.TARGET) > atFlip + 20);
            } finally {
                writer.stop();
                t.join(30_000);
            }
            assertThat(writer.failure()).isNull();
            long[] acks = ledger.ackTimes();
            System.out.println("cutover IT: " + ledger.acknowledged() + " acknowledged writes, longest pause between acknowledged writes "
                    + WriteLedger.longestGapMillis(acks, acks[0], acks[acks.length - 1]) + " ms");

            // Every acknowledged write, with its last value, is in the target.
            Map<String, String> target = new java.util.HashMap<>();
            try (Connection c = f.target(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id, amount FROM app.orders")) {
                while (rs.next()) {
                    target.put("orders/" + rs.getLong(1), Integer.toString(rs.getInt(2)));
                }
            }
            assertThat(WriteLedger.mismatches(ledger.expected(), target)).isEmpty();
            // The source takes no more writes from the application.
            try (Connection app = appSource(f)) {
                assertThatThrownBy(() -> app.createStatement().execute("INSERT INTO orders VALUES (999999, 1, 'late')"))
                        .isInstanceOf(SQLException.class).hasMessageContaining("read-only");
            }
        } finally {
            try (Connection root = f.sandbox.mariadb().connect(""); Statement s = root.createStatement()) {
                s.execute("SET GLOBAL read_only = 0");
            }
        }
    }

    @Test
    void anApplierStoppedDuringTheDrainRunsOutTheFreezeBudgetAndTheCutoverAbortsAndUnfreezes() throws Exception {
        PipelineFixture f = new PipelineFixture("cutover_stalled", "stop", 500);
        f.sourceSql("CREATE TABLE orders (id BIGINT PRIMARY KEY, amount INT NOT NULL, note VARCHAR(40))",
                "INSERT INTO orders VALUES (1, 1, 'seed'), (2, 2, 'seed')");
        f.targetSql("CREATE SCHEMA IF NOT EXISTS app", "CREATE TABLE app.orders (id bigint PRIMARY KEY, amount integer NOT NULL, note varchar(40))");
        try (LocalPipeline pipeline = f.startInProcess()) {
            Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> pipeline.capture().stats().streaming()
                    || !pipeline.capture().stats().snapshotRows().isEmpty());
            pipeline.awaitCaughtUp(Duration.ofSeconds(90));
            CleanPass cleanPass = f.cleanPass(ValidationOptions.DEFAULTS);
            // The readiness probe says healthy: the applier stops after the gate, while the freeze is on.
            CutoverPlans.Inputs inputs = new CutoverPlans.Inputs(
                    () -> new ReadinessSignals(Duration.ZERO, Duration.ofMinutes(1), 0, true, true, true),
                    () -> pipeline.capture().stats().lastAckedOffset(), () -> null, () -> Optional.of(cleanPass), List.of(), List.of(),
                    () -> f.sandbox.mariadb().connect(""));
            Coordinator coordinator = Coordinator.start(new JdbcMigrationStore(f::target), f.name, MigrationPhase.STREAMING, "cutover-it",
                    m -> CutoverPlans.standard(f.config, inputs), Duration.ofSeconds(3), new FaultPoints(null));
            pipeline.applier().close();
            f.sourceSql("INSERT INTO orders VALUES (3, 3, 'not applied')");

            CutoverReport r = coordinator.cutover(false, "cutover-it");

            assertThat(r.outcome()).as(r.text()).isEqualTo(CutoverReport.Outcome.ABORTED);
            assertThat(r.reason()).isEqualTo("the freeze budget of 3000 ms ran out during step drain");
            assertThat(r.freezeMillis()).isBetween(3000L, 10_000L);
            assertThat(coordinator.migration().phase()).isEqualTo(MigrationPhase.STREAMING);
            assertThat(coordinator.route().side()).isEqualTo(Routing.Side.SOURCE);
            assertThat(readOnly(f)).as("the source is writable again").isZero();
        } finally {
            try (Connection root = f.sandbox.mariadb().connect(""); Statement s = root.createStatement()) {
                s.execute("SET GLOBAL read_only = 0");
            }
        }
    }

    private static int readOnly(PipelineFixture f) throws SQLException {
        try (Connection c = f.sandbox.mariadb().connect(""); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT @@GLOBAL.read_only")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** The application's source data source: its own account, without any privilege that writes through read_only. */
    private static Connection appSource(PipelineFixture f) throws SQLException {
        return DriverManager.getConnection(f.sandbox.mariadb().jdbcUrl(f.name), APP, APP_PASSWORD);
    }

    /** The application's transactions: inserts of new rows and updates of its own, on whichever side the route names. */
    private static final class Orders implements RoutedWriter.Workload {
        private long nextId = ROWS + 1;

        @Override
        public Map<String, String> step(Connection c, Routing.Side side) throws SQLException {
            String table = side == Routing.Side.SOURCE ? "orders" : "app.orders";
            int amount = (int) (nextId % 1000);
            boolean update = nextId % 3 == 0;
            long id = update ? nextId - 2 : nextId;
            try (PreparedStatement ps = c.prepareStatement(update
                    ? "UPDATE " + table + " SET amount = ? WHERE id = ?"
                    : "INSERT INTO " + table + " (amount, id, note) VALUES (?, ?, 'app')")) {
                ps.setInt(1, amount);
                ps.setLong(2, id);
                int rows = ps.executeUpdate();
                nextId++;
                // An insert whose commit the freeze refused leaves no row: a later update of it changes nothing,
                // and nothing is acknowledged for it.
                if (rows == 0) {
                    return Map.of();
                }
            }
            return Map.of("orders/" + id, Integer.toString(amount));
        }
    }
}
