package io.ferry.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.capture.PostgresSlot;
import io.ferry.core.config.PipelineConfig;
import io.ferry.core.config.TablesConfig.KeylessTables;
import io.ferry.core.fault.FaultPoints;
import io.ferry.orchestrator.cutover.CleanPass;
import io.ferry.orchestrator.cutover.Coordinator;
import io.ferry.orchestrator.cutover.CutoverPlans;
import io.ferry.orchestrator.cutover.CutoverReport;
import io.ferry.orchestrator.demo.WriteLedger;
import io.ferry.orchestrator.migration.JdbcMigrationStore;
import io.ferry.orchestrator.migration.MigrationPhase;
import io.ferry.orchestrator.migration.ReadinessSignals;
import io.ferry.orchestrator.migration.Routing;
import io.ferry.orchestrator.pipeline.LocalPipeline;
import io.ferry.orchestrator.schema.PostgresCatalogReader;
import io.ferry.orchestrator.schema.PostgresSchemaPlanner;
import io.ferry.orchestrator.schema.SchemaApplier;
import io.ferry.orchestrator.schema.SchemaPlan;
import io.ferry.orchestrator.validate.PipelineValidation;
import io.ferry.orchestrator.validate.TouchedKeys;
import io.ferry.sandbox.Sandbox;
import io.ferry.validator.ValidationOptions;
import io.ferry.validator.ValidationReport;
import io.ferry.validator.Validator;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL to PostgreSQL, cut over while an application writes through its own role: inserts of rows of every kept
 * type (with a TOASTed text), updates that leave the TOASTed value unchanged and updates that change it, deletes and
 * key changes. The coordinator's standard cutover freezes the role ({@code default_transaction_read_only}, its
 * sessions ended), reads the WAL LSN as the watermark, drains, validates and flips; after the flip it stops capture in
 * this process and drops the replication slot and the publication. Every write the application was told succeeded is
 * in the target with its value, the target validates equal, and the source refuses the application's writes.
 */
class PostgresCutoverIT {

    private static final String APP = "pgcut_app";
    private static final String APP_PASSWORD = "app-Pw-pg9";
    private static final int SEED = 20;

    @Test
    void concurrentWritesOfEveryTypeCutOverWithNothingLostAndTheSlotReleased() throws Exception {
        Sandbox sandbox = Sandbox.shared();
        String name = "pgcut";
        String sourceDb = name + "_src";
        sandbox.postgres().createDatabase(sourceDb);
        sandbox.postgres().createDatabase(name);
        try (Connection src = sandbox.postgres().connect(sourceDb); Statement s = src.createStatement()) {
            for (String ddl : PostgresToPostgresIT.SOURCE_DDL) {
                s.execute(ddl);
            }
            for (int id = 1; id <= SEED; id++) {
                s.execute(PostgresToPostgresIT.row(id));
            }
            s.execute("INSERT INTO src.kinds (id) VALUES (1000)"); // every column but the key NULL
            s.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + APP + "') THEN"
                    + " CREATE ROLE " + APP + " LOGIN PASSWORD '" + APP_PASSWORD + "'; END IF; END $$");
            s.execute("GRANT USAGE ON SCHEMA src TO " + APP);
            s.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON src.kinds TO " + APP);
        }
        SchemaPlan plan;
        try (Connection src = sandbox.postgres().connect(sourceDb); Connection pg = sandbox.postgres().connect(name)) {
            plan = new PostgresSchemaPlanner(KeylessTables.UNIQUE_INDEX).plan(PostgresCatalogReader.read(src, "src"), "app");
            SchemaApplier.applyBeforeCopy(pg, plan);
        }
        PipelineConfig config = PostgresToPostgresIT.config(sandbox, name, "cutover: {applicationUser: " + APP + ", freezeBudgetMs: 20000}\n");

        LocalPipeline pipeline = new LocalPipeline(config).start();
        try (pipeline) {
            Awaitility.await("the snapshot").atMost(Duration.ofSeconds(120)).until(() -> pipeline.capture().stats().streaming()
                    || pipeline.capture().stats().snapshotRows().values().stream().mapToLong(Long::longValue).sum() >= SEED + 1);
            pipeline.awaitCaughtUp(Duration.ofSeconds(120));

            // The last clean pass, and the change topics' ends just before it.
            PipelineValidation validation = new PipelineValidation(config, ValidationOptions.DEFAULTS);
            var offsets = new TouchedKeys(config).endOffsets();
            ValidationReport clean;
            try (Validator v = new Validator(validation.source(), validation.target(), ValidationOptions.DEFAULTS, null)) {
                clean = v.run(validation.tables(null));
            }
            assertThat(clean.hasDifferences()).as(clean.text()).isFalse();
            CleanPass cleanPass = new CleanPass(clean, offsets);

            CutoverPlans.Inputs inputs = CutoverPlans.Inputs.fromPlan(
                    () -> new ReadinessSignals(Duration.ZERO, Duration.ofMinutes(1), 0, true, pipeline.failure() == null, pipeline.failure() == null),
                    () -> pipeline.capture().stats().lastAckedOffset(), pipeline::failure, () -> Optional.of(cleanPass), plan, null)
                    .withStopForward(pipeline::close);
            Coordinator coordinator = Coordinator.start(new JdbcMigrationStore(() -> sandbox.postgres().connect(name)), name,
                    MigrationPhase.STREAMING, "pg-cutover-it", m -> CutoverPlans.standard(config, inputs), Duration.ofSeconds(20),
                    new FaultPoints(null));

            Application app = new Application(() -> appConnection(sandbox, sourceDb));
            ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "pg-cutover-app"));
            scheduler.scheduleWithFixedDelay(app::step, 0, 15, TimeUnit.MILLISECONDS);
            CutoverReport report;
            long lastAckBeforeFreeze;
            try {
                Awaitility.await("the application's writes of every kind").atMost(Duration.ofSeconds(90))
                        .until(() -> app.ledger.acknowledged() >= 400 && app.keyChanges.get() >= 10 && app.deletes.get() >= 10
                                && app.toastKept.get() >= 50 && app.failure.get() == null);

                report = coordinator.cutover(false, "pg-cutover-it");
                System.out.println(report.text());
                long[] acks = app.ledger.ackTimes();
                lastAckBeforeFreeze = acks[acks.length - 1];
                Awaitility.await("the application's writes are refused").atMost(Duration.ofSeconds(30))
                        .until(() -> app.refused.get() >= 5);
            } finally {
                scheduler.shutdownNow();
                assertThat(scheduler.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(app.failure.get()).as("the application's own failure").isNull();
            assertThat(report.outcome()).as(report.text()).isEqualTo(CutoverReport.Outcome.COMPLETE);
            assertThat(coordinator.migration().phase()).isEqualTo(MigrationPhase.COMPLETE);
            assertThat(coordinator.route().side()).isEqualTo(Routing.Side.TARGET);
            assertThat(report.steps()).extracting(CutoverReport.StepOutcome::step)
                    .contains("pre-checks", "freeze", "watermark", "drain", "final-validation", "flip", "release-slot");
            assertThat(report.steps()).allSatisfy(st -> assertThat(st.error()).as(st.step()).isNull());
            assertThat(app.ledger.ackTimes()[app.ledger.ackTimes().length - 1]).as("nothing acknowledged after the freeze")
                    .isEqualTo(lastAckBeforeFreeze);
            assertThat(app.lastRefusal.get()).contains("read-only");
            System.out.printf("pg cutover IT: %d acknowledged writes (%d key changes, %d deletes, %d updates leaving the TOASTed value"
                            + " unchanged, %d uncertain at the freeze), %d refused after the freeze; write pause (freeze to flip) %d ms%n",
                    app.ledger.acknowledged(), app.keyChanges.get(), app.deletes.get(), app.toastKept.get(), app.ledger.uncertainCount(),
                    app.refused.get(), report.freezeMillis());

            // The slot and the publication are gone (capture in this process was stopped after the flip).
            assertThat(PostgresSlot.slotExists(config.source(), name)).isFalse();
            assertThat(PostgresSlot.publicationExists(config.source(), name)).isFalse();

            // The target validates equal to the (frozen) source, every column as text too, TOASTed values whole.
            try (Validator v = new Validator(validation.source(), validation.target(), ValidationOptions.DEFAULTS, null)) {
                ValidationReport after = v.run(validation.tables(null));
                assertThat(after.hasDifferences()).as(after.text()).isFalse();
            }
            assertThat(PostgresToPostgresIT.rows(sandbox, name, "app")).isEqualTo(PostgresToPostgresIT.rows(sandbox, sourceDb, "src"));
            // Rows that changed keys kept their TOASTed value (it is not in the key change's INSERT; capture read it again).
            try (Connection c = sandbox.postgres().connect(name); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM app.kinds WHERE note LIKE 'moved %' AND length(big) > 90000")) {
                rs.next();
                assertThat(rs.getInt(1)).as("moved rows with a TOASTed value").isPositive();
            }
            // Every acknowledged write, with its last value, is in the target.
            assertThat(app.ledger.mismatchesIn(notes(sandbox, name, "app"))).isEmpty();

            // The source takes no more writes from the application, in a new session either.
            try (Connection c = appConnection(sandbox, sourceDb); Statement s = c.createStatement()) {
                assertThatThrownBy(() -> s.execute("UPDATE src.kinds SET note = 'late' WHERE id = 1000"))
                        .isInstanceOf(SQLException.class).hasMessageContaining("read-only");
            }
        }
    }

    private static Connection appConnection(Sandbox sandbox, String database) throws SQLException {
        return DriverManager.getConnection(sandbox.postgres().jdbcUrl(database), APP, APP_PASSWORD);
    }

    /** Each row's note, keyed as the ledger keys it. */
    private static Map<String, String> notes(Sandbox sandbox, String database, String schema) throws SQLException {
        Map<String, String> out = new HashMap<>();
        try (Connection c = sandbox.postgres().connect(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, coalesce(note, '<null>') FROM " + schema + ".kinds")) {
            while (rs.next()) {
                out.put("kinds/" + rs.getInt(1), rs.getString(2));
            }
        }
        return out;
    }

    @FunctionalInterface
    private interface Connect {
        Connection open() throws SQLException;
    }

    /**
     * The application: one auto-committed statement per scheduled step, in a cycle of inserts of whole rows, updates
     * that leave the TOASTed {@code big} alone, updates of it, deletes and key changes, each key in the ledger by its
     * note. A write refused as read-only is counted; one whose session ended during it may or may not have committed
     * (uncertain in the ledger, and its keys are not written again). Runs on one thread.
     */
    private static final class Application {
        final WriteLedger ledger = new WriteLedger();
        final AtomicLong refused = new AtomicLong();
        final AtomicLong keyChanges = new AtomicLong();
        final AtomicLong deletes = new AtomicLong();
        final AtomicLong toastKept = new AtomicLong();
        final AtomicReference<String> lastRefusal = new AtomicReference<>();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final Connect connect;
        private final List<Integer> live = new ArrayList<>();
        private Connection c;
        private int n;
        private int nextId = 2000;

        Application(Connect connect) {
            this.connect = connect;
            for (int id = 1; id <= SEED; id++) {
                live.add(id);
            }
            live.add(1000);
        }

        void step() {
            n++;
            int pick = live.get((n * 7) % live.size());
            Map<String, String> changes = new HashMap<>();
            String sql;
            Runnable counted = () -> { };
            switch (n % 6) {
                case 0 -> {
                    int id = nextId++;
                    sql = PostgresToPostgresIT.row(id);
                    changes.put("kinds/" + id, "row " + id);
                }
                case 1 -> {
                    // Small columns only: PostgreSQL does not send the row's TOASTed 'big' with this UPDATE.
                    sql = "UPDATE src.kinds SET note = 'app " + n + "', amount = amount + 1, tags = '{x,\"y z\"}', nums = '{" + n + "}',"
                            + " span = '-3 days 00:00:0" + (n % 10) + "', at = now(), flag = NOT coalesce(flag, false) WHERE id = " + pick;
                    changes.put("kinds/" + pick, "app " + n);
                    counted = toastKept::incrementAndGet;
                }
                case 2 -> {
                    sql = "UPDATE src.kinds SET note = 'app " + n + "', mood = 'it''s ok', doc = '{\"n\": " + n + ", \"k\": [true, null]}',"
                            + " raw = '\\x" + String.format("%04x", n % 65536) + "', addr = '10.0." + (n % 250) + ".1', ident = gen_random_uuid(),"
                            + " local = now()::timestamp, day = current_date, clock = '12:00:00.5', ratio = " + n + ".5, free = " + n + ".125 WHERE id = " + pick;
                    changes.put("kinds/" + pick, "app " + n);
                    counted = toastKept::incrementAndGet;
                }
                case 3 -> {
                    String big = n % 4 == 3 ? PostgresToPostgresIT.BIG.formatted(n) : "'small " + n + "'";
                    sql = "UPDATE src.kinds SET big = " + big + ", note = 'app " + n + "' WHERE id = " + pick;
                    changes.put("kinds/" + pick, "app " + n);
                }
                case 4 -> {
                    if (live.size() > SEED) {
                        sql = "DELETE FROM src.kinds WHERE id = " + pick;
                        changes.put("kinds/" + pick, WriteLedger.ABSENT);
                        counted = deletes::incrementAndGet;
                    } else {
                        sql = "UPDATE src.kinds SET note = 'app " + n + "' WHERE id = " + pick;
                        changes.put("kinds/" + pick, "app " + n);
                        counted = toastKept::incrementAndGet;
                    }
                }
                default -> {
                    // A key change: the row moves to a new key, its TOASTed value left alone by the statement.
                    int id = nextId++;
                    sql = "UPDATE src.kinds SET id = " + id + ", note = 'moved " + n + "' WHERE id = " + pick;
                    changes.put("kinds/" + pick, WriteLedger.ABSENT);
                    changes.put("kinds/" + id, "moved " + n);
                    counted = keyChanges::incrementAndGet;
                }
            }
            try {
                if (c == null) {
                    c = connect.open();
                }
                try (Statement s = c.createStatement()) {
                    int rows = s.executeUpdate(sql);
                    if (rows != 1) {
                        throw new AssertionError("expected one row from " + sql + ", got " + rows);
                    }
                }
                ledger.acknowledge(Routing.Side.SOURCE, changes, System.nanoTime());
                counted.run();
                follow(changes);
            } catch (SQLException e) {
                if ("25006".equals(e.getSQLState())) { // read_only_sql_transaction: refused, nothing written
                    refused.incrementAndGet();
                    lastRefusal.set(e.getMessage());
                } else {
                    // The freeze ended the session (57P01) or the connection broke: the statement may have committed.
                    ledger.uncertain(changes);
                    changes.keySet().forEach(k -> live.remove(Integer.valueOf(k.substring("kinds/".length()))));
                }
                close();
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
                throw t;
            }
        }

        private void follow(Map<String, String> changes) {
            changes.forEach((key, value) -> {
                Integer id = Integer.valueOf(key.substring("kinds/".length()));
                if (WriteLedger.ABSENT.equals(value)) {
                    live.remove(id);
                } else if (!live.contains(id)) {
                    live.add(id);
                }
            });
        }

        private void close() {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (SQLException ignored) {
                // the session is gone already
            }
            c = null;
        }
    }
}
