package io.ferry.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.capture.PostgresSlot;
import io.ferry.core.fault.FaultPoints;
import io.ferry.core.schema.mapping.TypeMapper;
import io.ferry.orchestrator.cutover.CleanPass;
import io.ferry.orchestrator.cutover.Coordinator;
import io.ferry.orchestrator.cutover.CutoverPlans;
import io.ferry.orchestrator.cutover.CutoverReport;
import io.ferry.orchestrator.demo.RoutedWriter;
import io.ferry.orchestrator.demo.WriteLedger;
import io.ferry.orchestrator.migration.JdbcMigrationStore;
import io.ferry.orchestrator.migration.MigrationPhase;
import io.ferry.orchestrator.migration.ReadinessSignals;
import io.ferry.orchestrator.migration.Routing;
import io.ferry.orchestrator.pipeline.LocalPipeline;
import io.ferry.orchestrator.reverse.ReverseReplication;
import io.ferry.orchestrator.schema.MySqlCatalogReader;
import io.ferry.orchestrator.schema.SchemaApplier;
import io.ferry.orchestrator.schema.SchemaPlan;
import io.ferry.orchestrator.schema.SchemaPlanner;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The way back, end to end: MariaDB to PostgreSQL cut over with reverse replication while an application writes and
 * follows the route; it keeps writing on PostgreSQL (inserts, updates, deletes, key changes) through its own role;
 * {@code rollback} freezes the target, drains reverse replication, validates, flips back and unfreezes the source; every
 * write the application was told succeeded, on either side, is in MariaDB, and it goes on writing there. Prints the
 * rollback's write pause.
 */
class RollbackIT {

    private static final String APP = "rollback_app";
    private static final String APP_PASSWORD = "app-Pw-91";
    private static final String PG_APP = "rb_app";
    private static final int ROWS = 500;

    @Test
    void everyWriteAcknowledgedOnPostgreSqlAfterTheFlipIsInMariaDbAfterTheRollback() throws Exception {
        PipelineFixture f = new PipelineFixture("rollback_it", "stop", 200, 50,
                "cutover: {reverse: {enabled: true, applicationRole: " + PG_APP + "}}\n");
        f.sourceSql("CREATE TABLE orders (id BIGINT PRIMARY KEY, amount INT NOT NULL, note VARCHAR(40), paid TINYINT(1) NOT NULL DEFAULT 0,"
                + " placed DATETIME(6) NULL, flags BIT(8) NULL)");
        StringBuilder seed = new StringBuilder("INSERT INTO orders (id, amount, note, paid, placed, flags) VALUES ");
        for (int i = 1; i <= ROWS; i++) {
            seed.append(i > 1 ? "," : "").append("(").append(i).append(",").append(i).append(",'seed',").append(i % 2)
                    .append(",'2024-01-01 10:00:00.123456',b'101')");
        }
        f.sourceSql(seed.toString());
        try (Connection root = f.sandbox.mariadb().connect(""); Statement s = root.createStatement()) {
            s.execute("SET GLOBAL read_only = 0");
            s.execute("DROP USER IF EXISTS '" + APP + "'@'%'");
            s.execute("CREATE USER '" + APP + "'@'%' IDENTIFIED BY '" + APP_PASSWORD + "'");
            s.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON " + f.name + ".* TO '" + APP + "'@'%'");
            // Ferry's account writes the reverse changes, also while the source is read-only for the application.
            s.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON " + f.name + ".* TO 'ferry'@'%'");
            s.execute("GRANT ALL ON ferry.* TO 'ferry'@'%'");
            s.execute("GRANT READ_ONLY ADMIN ON *.* TO 'ferry'@'%'");
        }
        SchemaPlan plan;
        try (Connection c = f.source(); Connection pg = f.target()) {
            plan = new SchemaPlanner(new TypeMapper(f.config.types())).plan(MySqlCatalogReader.read(c, f.name), "app");
            SchemaApplier.applyBeforeCopy(pg, plan);
        }
        f.targetSql("DROP ROLE IF EXISTS " + PG_APP, "CREATE ROLE " + PG_APP + " LOGIN PASSWORD '" + APP_PASSWORD + "'",
                "GRANT USAGE ON SCHEMA app TO " + PG_APP, "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA app TO " + PG_APP);

        JdbcMigrationStore store = new JdbcMigrationStore(f::target);
        ReverseReplication reverse = new ReverseReplication(f.config);
        LocalPipeline pipeline = f.startInProcess();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> pipeline.capture().stats().streaming()
                    || pipeline.capture().stats().snapshotRows().values().stream().mapToLong(Long::longValue).sum() >= ROWS);
            pipeline.awaitCaughtUp(Duration.ofSeconds(90));
            PipelineValidation validation = new PipelineValidation(f.config, ValidationOptions.DEFAULTS.withSegmentRows(100));
            var offsets = new TouchedKeys(f.config).endOffsets();
            ValidationReport clean;
            try (Validator v = new Validator(validation.source(), validation.target(), ValidationOptions.DEFAULTS.withSegmentRows(100), null)) {
                clean = v.run(validation.tables(null));
            }
            assertThat(clean.hasDifferences()).as(clean.text()).isFalse();
            CleanPass cleanPass = new CleanPass(clean, offsets);

            CutoverPlans.Inputs inputs = new CutoverPlans.Inputs(
                    () -> new ReadinessSignals(Duration.ZERO, Duration.ofMinutes(1), 0, true, pipeline.failure() == null, pipeline.failure() == null),
                    () -> pipeline.capture().stats().lastAckedOffset(), pipeline::failure, () -> Optional.of(cleanPass), List.of(), List.of(),
                    () -> f.sandbox.mariadb().connect(""), List.of()).withReverse(reverse, pipeline::close);
            Coordinator coordinator = Coordinator.start(store, f.name, MigrationPhase.STREAMING, "rollback-it",
                    m -> CutoverPlans.standard(f.config, inputs), m -> CutoverPlans.rollback(f.config, inputs), reverse,
                    Duration.ofSeconds(20), new FaultPoints(null));

            CutoverReport refused = coordinator.rollback(false, "rollback-it");
            assertThat(refused.outcome()).as("no rollback before the flip").isEqualTo(CutoverReport.Outcome.REFUSED);

            WriteLedger ledger = new WriteLedger();
            RoutedWriter writer = new RoutedWriter(coordinator::route, Routing.INITIAL,
                    side -> side == Routing.Side.SOURCE ? appSource(f) : appTarget(f), new Orders(), 100, Duration.ofMillis(50), ledger);
            Thread t = new Thread(writer, "rollback-it-writer");
            t.start();
            long rollbackStarted;
            long rollbackEnded;
            CutoverReport rolledBack;
            try {
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> ledger.acknowledged() > 100);

                CutoverReport flipped = coordinator.cutover(false, "rollback-it");
                System.out.println(flipped.text());
                assertThat(flipped.outcome()).as(flipped.text()).isEqualTo(CutoverReport.Outcome.FLIPPED);
                assertThat(flipped.reason()).contains("reverse replication");
                assertThat(coordinator.migration().phase()).as("held at the flip, the way back open").isEqualTo(MigrationPhase.FLIPPED);
                assertThat(coordinator.route()).isEqualTo(new Routing(Routing.Side.TARGET, 2));
                assertThat(reverse.running()).isTrue();

                long atFlip = ledger.acknowledgedOn(Routing.Side.TARGET);
                Awaitility.await("the application writes on PostgreSQL").atMost(Duration.ofSeconds(60))
                        .until(() -> ledger.acknowledgedOn(Routing.Side.TARGET) > atFlip + 300);
                Awaitility.await("reverse replication carries them").atMost(Duration.ofSeconds(60)).until(() -> reverse.lagMillis() >= 0);
                System.out.println("rollback IT: reverse lag " + reverse.lagMillis() + " ms (last batch)");

                CutoverReport dry = coordinator.rollback(true, "rollback-it");
                assertThat(dry.outcome()).as(dry.text()).isEqualTo(CutoverReport.Outcome.DRY_RUN);
                assertThat(coordinator.migration().phase()).isEqualTo(MigrationPhase.FLIPPED);

                rollbackStarted = System.nanoTime();
                rolledBack = coordinator.rollback(false, "rollback-it");
                rollbackEnded = System.nanoTime();
                System.out.println(rolledBack.text());
                assertThat(rolledBack.outcome()).as(rolledBack.text()).isEqualTo(CutoverReport.Outcome.ROLLED_BACK);
                assertThat(coordinator.migration().phase()).isEqualTo(MigrationPhase.ROLLED_BACK);
                assertThat(coordinator.route()).isEqualTo(new Routing(Routing.Side.SOURCE, 3));

                long onSource = ledger.acknowledgedOn(Routing.Side.SOURCE);
                Awaitility.await("the application continues on MariaDB").atMost(Duration.ofSeconds(30))
                        .until(() -> ledger.acknowledgedOn(Routing.Side.SOURCE) > onSource + 50);
            } finally {
                writer.stop();
                t.join(30_000);
            }
            assertThat(writer.failure()).isNull();
            long[] acks = ledger.ackTimes();
            System.out.println("rollback IT: " + ledger.acknowledged() + " acknowledged writes (" + ledger.acknowledgedOn(Routing.Side.TARGET)
                    + " on PostgreSQL); the rollback froze the target for " + rolledBack.freezeMillis() + " ms; longest pause between "
                    + "acknowledged writes during the rollback " + WriteLedger.longestGapMillis(acks, rollbackStarted, rollbackEnded) + " ms; "
                    + ledger.uncertainCount() + " key(s) whose last COMMIT a freeze cut off");

            // Every acknowledged write, with its last value, is in MariaDB.
            Map<String, String> source = new HashMap<>();
            try (Connection c = f.source(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id, amount FROM orders")) {
                while (rs.next()) {
                    source.put("orders/" + rs.getLong(1), Integer.toString(rs.getInt(2)));
                }
            }
            // A write whose COMMIT the target's freeze cut off may be there or not; every acknowledged one must be.
            assertThat(ledger.mismatchesIn(source)).isEmpty();
            assertThat(rolledBack.steps()).anySatisfy(s -> {
                assertThat(s.step()).isEqualTo("rollback-validation");
                assertThat(s.details()).anySatisfy(d -> assertThat(d).contains("equal on both sides"));
            });
            assertThat(PostgresSlot.slotExists(reverse.config().source(), reverse.config().name())).as("the reverse slot is dropped").isFalse();
            // The target takes no more writes from the application.
            try (Connection app = appTarget(f)) {
                assertThatThrownBy(() -> app.createStatement().execute("INSERT INTO app.orders (id, amount) VALUES (999999, 1)"))
                        .isInstanceOf(SQLException.class).hasMessageContaining("read-only");
            }
        } finally {
            reverse.close();
            pipeline.close();
            try (Connection root = f.sandbox.mariadb().connect(""); Statement s = root.createStatement()) {
                s.execute("SET GLOBAL read_only = 0");
            }
            f.targetSql("ALTER ROLE " + PG_APP + " IN DATABASE " + f.name + " RESET default_transaction_read_only");
        }
    }

    private static Connection appSource(PipelineFixture f) throws SQLException {
        return DriverManager.getConnection(f.sandbox.mariadb().jdbcUrl(f.name), APP, APP_PASSWORD);
    }

    private static Connection appTarget(PipelineFixture f) throws SQLException {
        return DriverManager.getConnection(f.sandbox.postgres().jdbcUrl(f.name), PG_APP, APP_PASSWORD);
    }

    /** Inserts, updates, deletes and key changes, on whichever side the route names. */
    private static final class Orders implements RoutedWriter.Workload {
        private long next = ROWS + 1;

        @Override
        public Map<String, String> step(Connection c, Routing.Side side) throws SQLException {
            String table = side == Routing.Side.SOURCE ? "orders" : "app.orders";
            long n = next++;
            int amount = (int) (n % 1000);
            if (n % 7 == 0) {
                // A key change: the row leaves its key for a new one.
                long from = n - 5;
                long to = n + 10_000_000;
                try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET id = ?, amount = ? WHERE id = ?")) {
                    ps.setLong(1, to);
                    ps.setInt(2, amount);
                    ps.setLong(3, from);
                    if (ps.executeUpdate() == 0) {
                        return Map.of();
                    }
                }
                return Map.of("orders/" + from, WriteLedger.ABSENT, "orders/" + to, Integer.toString(amount));
            }
            if (n % 5 == 0) {
                long id = n - 3;
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE id = ?")) {
                    ps.setLong(1, id);
                    if (ps.executeUpdate() == 0) {
                        return Map.of();
                    }
                }
                return Map.of("orders/" + id, WriteLedger.ABSENT);
            }
            boolean update = n % 3 == 0;
            long id = update ? n - 2 : n;
            String paid = side == Routing.Side.SOURCE ? Integer.toString((int) (n % 2)) : (n % 2 == 1 ? "true" : "false");
            try (PreparedStatement ps = c.prepareStatement(update
                    ? "UPDATE " + table + " SET amount = ?, paid = " + paid + " WHERE id = ?"
                    : "INSERT INTO " + table + " (amount, id, note, paid, placed) VALUES (?, ?, 'app', " + paid + ", "
                    + (side == Routing.Side.SOURCE ? "NOW(6)" : "LOCALTIMESTAMP") + ")")) {
                ps.setInt(1, amount);
                ps.setLong(2, id);
                if (ps.executeUpdate() == 0) {
                    return Map.of();
                }
            }
            return Map.of("orders/" + id, Integer.toString(amount));
        }
    }
}
