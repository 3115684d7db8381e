package io.ferry.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.core.fault.FaultPoints;
import io.ferry.orchestrator.cutover.CleanPass;
import io.ferry.orchestrator.cutover.Coordinator;
import io.ferry.orchestrator.cutover.CutoverPlans;
import io.ferry.orchestrator.cutover.CutoverReport;
import io.ferry.orchestrator.migration.JdbcMigrationStore;
import io.ferry.orchestrator.migration.MigrationPhase;
import io.ferry.orchestrator.migration.ReadinessSignals;
import io.ferry.orchestrator.migration.Routing;
import io.ferry.orchestrator.pipeline.LocalPipeline;
import io.ferry.orchestrator.validate.PipelineValidation;
import io.ferry.orchestrator.validate.TouchedKeys;
import io.ferry.validator.ValidationOptions;
import io.ferry.validator.ValidationReport;
import io.ferry.validator.Validator;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
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
            PipelineValidation validation = new PipelineValidation(f.config, ValidationOptions.DEFAULTS.withSegmentRows(250));
            var offsets = new TouchedKeys(f.config).endOffsets();
            ValidationReport clean;
            try (Validator v = new Validator(validation.source(), validation.target(), ValidationOptions.DEFAULTS.withSegmentRows(250), null)) {
                clean = v.run(validation.tables(null));
            }
            assertThat(clean.hasDifferences()).as(clean.text()).isFalse();
            CleanPass cleanPass = new CleanPass(clean, offsets);

            CutoverPlans.Inputs inputs = new CutoverPlans.Inputs(
                    () -> new ReadinessSignals(Duration.ZERO, Duration.ofMinutes(1), 0, true, pipeline.failure() == null, pipeline.failure() == null),
                    () -> pipeline.capture().stats().lastAckedOffset(), pipeline::failure, () -> Optional.of(cleanPass), List.of(), List.of(),
                    () -> f.sandbox.mariadb().connect(""));
            Coordinator coordinator = Coordinator.start(store, f.name, MigrationPhase.STREAMING, "cutover-it",
                    m -> CutoverPlans.standard(f.config, inputs), Duration.ofSeconds(20), new FaultPoints(null));

            Writer writer = new Writer(f, coordinator);
            Thread t = new Thread(writer, "cutover-it-writer");
            t.start();
            try {
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> writer.acked.get() > 200);

                // A difference the pipeline does not know about, on a key changed since the clean pass.
                f.sourceSql("UPDATE orders SET note = 'touched' WHERE id = 5");
                pipeline.awaitCaughtUp(Duration.ofSeconds(60));
                f.targetSql("UPDATE app.orders SET amount = -5 WHERE id = 5");

                CutoverReport aborted = coordinator.cutover(false, "cutover-it");
                assertThat(aborted.outcome()).as(aborted.text()).isEqualTo(CutoverReport.Outcome.ABORTED);
                assertThat(aborted.reason()).contains("final-validation", "1 difference");
                assertThat(coordinator.migration().phase()).isEqualTo(MigrationPhase.STREAMING);
                assertThat(coordinator.route().side()).isEqualTo(Routing.Side.SOURCE);
                long before = writer.acked.get();
                Awaitility.await("the application writes to the source again").atMost(Duration.ofSeconds(30))
                        .until(() -> writer.acked.get() > before + 50);
                assertThat(writer.toTarget.get()).isZero();

                f.targetSql("UPDATE app.orders SET amount = 5 WHERE id = 5");
                CutoverReport flipped = coordinator.cutover(false, "cutover-it");
                System.out.println(flipped.text());
                assertThat(flipped.outcome()).as(flipped.text()).isEqualTo(CutoverReport.Outcome.COMPLETE);
                assertThat(coordinator.route()).isEqualTo(new Routing(Routing.Side.TARGET, 2));
                long atFlip = writer.toTarget.get();
                Awaitility.await("the application follows the route to the target").atMost(Duration.ofSeconds(30))
                        .until(() -> writer.toTarget.get() > atFlip + 20);
            } finally {
                writer.running.set(false);
                t.join(30_000);
            }
            assertThat(writer.failure.get()).isNull();
            System.out.println("cutover IT: " + writer.acked.get() + " acknowledged writes, longest pause between acknowledged writes "
                    + writer.longestPauseMillis.get() + " ms");

            // Every acknowledged write, with its last value, is in the target.
            Map<Long, Integer> target = new java.util.HashMap<>();
            try (Connection c = f.target(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id, amount FROM app.orders")) {
                while (rs.next()) {
                    target.put(rs.getLong(1), rs.getInt(2));
                }
            }
            assertThat(target).containsAllEntriesOf(writer.ledger);
            // The source takes no more writes from the application.
            try (Connection app = writer.source()) {
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
            PipelineValidation validation = new PipelineValidation(f.config, ValidationOptions.DEFAULTS);
            var offsets = new TouchedKeys(f.config).endOffsets();
            ValidationReport clean;
            try (Validator v = new Validator(validation.source(), validation.target(), ValidationOptions.DEFAULTS, null)) {
                clean = v.run(validation.tables(null));
            }
            CleanPass cleanPass = new CleanPass(clean, offsets);
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

    /** The application: inserts and updates through its own account, on whichever side the route names. */
    private static final class Writer implements Runnable {
        final PipelineFixture f;
        final Coordinator coordinator;
        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicLong acked = new AtomicLong();
        final AtomicLong toTarget = new AtomicLong();
        final AtomicLong longestPauseMillis = new AtomicLong();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Map<Long, Integer> ledger = new ConcurrentHashMap<>();

        Writer(PipelineFixture f, Coordinator coordinator) {
            this.f = f;
            this.coordinator = coordinator;
        }

        Connection source() throws SQLException {
            return DriverManager.getConnection(f.sandbox.mariadb().jdbcUrl(f.name), APP, APP_PASSWORD);
        }

        @Override
        public void run() {
            long nextId = ROWS + 1;
            long lastAck = System.nanoTime();
            Routing.Side side = Routing.Side.SOURCE;
            long routeCheckedAt = 0;
            Connection c = null;
            try {
                while (running.get()) {
                    if (System.nanoTime() - routeCheckedAt > 50_000_000L) {
                        Routing.Side now = coordinator.route().side();
                        routeCheckedAt = System.nanoTime();
                        if (now != side && c != null) {
                            c.close();
                            c = null;
                        }
                        side = now;
                    }
                    try {
                        if (c == null) {
                            c = side == Routing.Side.SOURCE ? source() : f.target();
                        }
                        String table = side == Routing.Side.SOURCE ? "orders" : "app.orders";
                        long id;
                        int amount = (int) (nextId % 1000);
                        boolean update = nextId % 3 == 0 && !ledger.isEmpty();
                        try (PreparedStatement ps = c.prepareStatement(update
                                ? "UPDATE " + table + " SET amount = ? WHERE id = ?"
                                : "INSERT INTO " + table + " (amount, id, note) VALUES (?, ?, 'app')")) {
                            id = update ? nextId - 2 : nextId;
                            ps.setInt(1, amount);
                            ps.setLong(2, id);
                            ps.executeUpdate();
                        }
                        nextId++;
                        ledger.put(id, amount);
                        acked.incrementAndGet();
                        if (side == Routing.Side.TARGET) {
                            toTarget.incrementAndGet();
                        }
                        long now = System.nanoTime();
                        longestPauseMillis.accumulateAndGet((now - lastAck) / 1_000_000L, Math::max);
                        lastAck = now;
                    } catch (SQLException e) {
                        // Frozen (read-only) or a session ended: not acknowledged; try again with a fresh connection.
                        if (c != null) {
                            c.close();
                            c = null;
                        }
                        Thread.sleep(20);
                    }
                    Thread.sleep(5);
                }
            } catch (Throwable e) {
                failure.set(e);
            } finally {
                try {
                    if (c != null) {
                        c.close();
                    }
                } catch (SQLException ignored) {
                    // closing at the end of the test
                }
            }
        }
    }
}
