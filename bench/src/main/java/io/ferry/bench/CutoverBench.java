package io.ferry.bench;

import io.ferry.apply.jdbc.TargetConnections;
import io.ferry.core.config.ConfigLoader;
import io.ferry.core.config.PipelineConfig;
import io.ferry.core.config.Secret;
import io.ferry.core.fault.FaultPoints;
import io.ferry.orchestrator.api.AdminClient;
import io.ferry.orchestrator.api.AdminServer;
import io.ferry.orchestrator.cutover.Coordinator;
import io.ferry.orchestrator.cutover.CutoverPlans;
import io.ferry.orchestrator.cutover.CutoverReport;
import io.ferry.orchestrator.cutover.LiveValidations;
import io.ferry.orchestrator.cutover.PipelineReadiness;
import io.ferry.orchestrator.cutover.ReadinessSampler;
import io.ferry.orchestrator.demo.RoutedWriter;
import io.ferry.orchestrator.demo.WriteLedger;
import io.ferry.orchestrator.migration.Connections;
import io.ferry.orchestrator.migration.JdbcMigrationStore;
import io.ferry.orchestrator.migration.MigrationPhase;
import io.ferry.orchestrator.migration.ReadinessGate;
import io.ferry.orchestrator.migration.ReadinessSignals;
import io.ferry.orchestrator.migration.Routing;
import io.ferry.orchestrator.pipeline.LocalPipeline;
import io.ferry.orchestrator.reverse.ReverseReplication;
import io.ferry.orchestrator.validate.PipelineValidation;
import io.ferry.orchestrator.validate.TouchedKeys;
import io.ferry.sandbox.Sandbox;
import io.ferry.sandbox.SandboxOptions;
import io.ferry.validator.ValidationOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Cutovers in a row, each after a fresh migration of an {@code items} table under a paced writer that follows the
 * routing endpoint: prints per run and overall the write pause the application saw, the freeze time per step, the
 * time from the cutover request to the flip, and the acknowledged writes missing from the target. With
 * {@code --rollback-after-seconds S} each cutover starts reverse replication, the writer goes on on PostgreSQL for S
 * seconds and {@code rollback} takes it back: prints the reverse lag under the writer (p50, max of the reverse applier's
 * last-batch lag sampled every 200 ms), the rollback's write pause and freeze, and the acknowledged writes missing from
 * MariaDB afterwards.
 */
public final class CutoverBench {

    private static final String APP = "bench_app";
    private static final String APP_PASSWORD = "bench-app-Pw-1";

    /** One cutover's figures. */
    record Run(int n, long pauseMs, long requestToFlipMs, long freezeMs, Map<String, Long> steps, long acked, long lost, String outcome,
               Rollback rollback) {
    }

    /** One rollback's figures (null without {@code --rollback-after-seconds}). */
    record Rollback(long pauseMs, long freezeMs, long reverseLagP50Ms, long reverseLagMaxMs, long ackedOnTarget, long lost, String outcome,
                    Map<String, Long> steps) {
    }

    public static void main(String[] args) throws Exception {
        int runs = PipelineBench.intArg(args, "--runs", 10);
        int rows = PipelineBench.intArg(args, "--rows", 100_000);
        int writesPerSecond = PipelineBench.intArg(args, "--writes-per-second", 500);
        int rollbackAfter = PipelineBench.intArg(args, "--rollback-after-seconds", 0);
        List<Run> results = new ArrayList<>();
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults())) {
            System.out.printf("bench: sandbox up (%s); %d cutovers, each after a fresh migration of %,d rows, writer at %d/s%n",
                    sandbox.directory(), runs, rows, writesPerSecond);
            sandbox.mariadb().createCaptureUser("ferry", "bench-password");
            try (Connection root = sandbox.mariadb().connect(""); Statement s = root.createStatement()) {
                s.execute("CREATE USER '" + APP + "'@'%' IDENTIFIED BY '" + APP_PASSWORD + "'");
            }
            for (int n = 1; n <= runs; n++) {
                Run r = once(sandbox, n, rows, writesPerSecond, rollbackAfter);
                results.add(r);
                System.out.printf("run %2d: %s; pause %,d ms; request->flip %,d ms; frozen %,d ms (%s); %,d writes acknowledged, %d lost%n",
                        n, r.outcome(), r.pauseMs(), r.requestToFlipMs(), r.freezeMs(), r.steps(), r.acked(), r.lost());
                if (r.rollback() != null) {
                    Rollback b = r.rollback();
                    System.out.printf("run %2d rollback: %s; pause %,d ms; frozen %,d ms (%s); reverse lag p50 %,d ms, max %,d ms; %,d writes on "
                            + "PostgreSQL; %d acknowledged writes missing from MariaDB%n", n, b.outcome(), b.pauseMs(), b.freezeMs(), b.steps(),
                            b.reverseLagP50Ms(), b.reverseLagMaxMs(), b.ackedOnTarget(), b.lost());
                }
            }
        }
        List<Long> pauses = results.stream().map(Run::pauseMs).toList();
        System.out.println();
        System.out.printf("overall (%d runs): pause p50 %,d ms, max %,d ms; request->flip p50 %,d ms, max %,d ms; frozen p50 %,d ms, max %,d ms; lost %d; outcomes %s%n",
                results.size(), WriteLedger.percentile(pauses, 50), WriteLedger.percentile(pauses, 100),
                WriteLedger.percentile(results.stream().map(Run::requestToFlipMs).toList(), 50),
                WriteLedger.percentile(results.stream().map(Run::requestToFlipMs).toList(), 100),
                WriteLedger.percentile(results.stream().map(Run::freezeMs).toList(), 50),
                WriteLedger.percentile(results.stream().map(Run::freezeMs).toList(), 100),
                results.stream().mapToLong(Run::lost).sum(), results.stream().map(Run::outcome).toList());
        Map<String, List<Long>> bySteps = new LinkedHashMap<>();
        results.forEach(r -> r.steps().forEach((k, v) -> bySteps.computeIfAbsent(k, x -> new ArrayList<>()).add(v)));
        bySteps.forEach((k, v) -> System.out.printf("  step %-18s p50 %,6d ms, max %,6d ms%n", k, WriteLedger.percentile(v, 50), WriteLedger.percentile(v, 100)));
        List<Rollback> rollbacks = results.stream().map(Run::rollback).filter(java.util.Objects::nonNull).toList();
        if (!rollbacks.isEmpty()) {
            List<Long> rp = rollbacks.stream().map(Rollback::pauseMs).toList();
            System.out.printf("rollbacks (%d): pause p50 %,d ms, max %,d ms; frozen p50 %,d ms, max %,d ms; reverse lag p50 of runs %,d ms, "
                            + "max %,d ms; lost %d; outcomes %s%n", rollbacks.size(), WriteLedger.percentile(rp, 50), WriteLedger.percentile(rp, 100),
                    WriteLedger.percentile(rollbacks.stream().map(Rollback::freezeMs).toList(), 50),
                    WriteLedger.percentile(rollbacks.stream().map(Rollback::freezeMs).toList(), 100),
                    WriteLedger.percentile(rollbacks.stream().map(Rollback::reverseLagP50Ms).toList(), 50),
                    WriteLedger.percentile(rollbacks.stream().map(Rollback::reverseLagMaxMs).toList(), 100),
                    rollbacks.stream().mapToLong(Rollback::lost).sum(), rollbacks.stream().map(Rollback::outcome).toList());
            Map<String, List<Long>> rbSteps = new LinkedHashMap<>();
            rollbacks.forEach(r -> r.steps().forEach((k, v) -> rbSteps.computeIfAbsent(k, x -> new ArrayList<>()).add(v)));
            rbSteps.forEach((k, v) -> System.out.printf("  rollback step %-20s p50 %,6d ms, max %,6d ms%n", k, WriteLedger.percentile(v, 50),
                    WriteLedger.percentile(v, 100)));
        }
    }

    private static Run once(Sandbox sandbox, int n, int rows, int writesPerSecond, int rollbackAfter) throws Exception {
        String db = "cb" + n;
        boolean rollback = rollbackAfter > 0;
        load(sandbox, db, rows, rollback);
        PipelineConfig config = config(sandbox, n, db, rollback);
        Connections target = () -> TargetConnections.open(config.target(), "bench-coordinator");
        LiveValidations validations = new LiveValidations(new PipelineValidation(config, ValidationOptions.DEFAULTS.withSegmentRows(20_000)),
                new TouchedKeys(config)::endOffsets, 60, 1000);
        WriteLedger ledger = new WriteLedger();
        try (LocalPipeline pipeline = new LocalPipeline(config);
             PipelineReadiness probe = new PipelineReadiness(config, target, validations::lastWasClean)) {
            long t0 = System.nanoTime();
            pipeline.start();
            // Rows in the target, whichever full load brought them (the bulk load's rows bypass the applier).
            while (targetRows(sandbox, db) < rows) {
                if (pipeline.failure() != null) {
                    throw new IllegalStateException("pipeline failed", pipeline.failure());
                }
                Thread.sleep(100);
            }
            System.out.printf("run %2d: %,d rows migrated in %.1f s%n", n, rows, (System.nanoTime() - t0) / 1e9);
            ReadinessSampler readiness = new ReadinessSampler(probe);
            CutoverPlans.Inputs plain = new CutoverPlans.Inputs(readiness, () -> pipeline.capture().stats().lastAckedOffset(),
                    pipeline::failure, validations::lastClean, List.of(), List.of(), () -> sandbox.mariadb().connect(""));
            ReverseReplication reverse = rollback ? new ReverseReplication(config) : null;
            CutoverPlans.Inputs inputs = rollback ? plain.withReverse(reverse, pipeline::close) : plain;
            Coordinator coordinator = Coordinator.start(new JdbcMigrationStore(target), config.name(), MigrationPhase.STREAMING, "bench",
                    m -> CutoverPlans.standard(config, inputs), rollback ? m -> CutoverPlans.rollback(config, inputs) : null, reverse,
                    Duration.ofMillis(config.cutover().freezeBudgetMs()), new FaultPoints(null));
            Secret token = Secret.of("bench-token-" + n);
            try (AdminServer api = new AdminServer("127.0.0.1", 0, token, x -> x.equals(config.name()) ? coordinator : null)) {
                AdminClient client = new AdminClient("http://127.0.0.1:" + api.port(), token);
                RoutedWriter writer = new RoutedWriter(RoutedWriter.http(client, config.name()), Routing.INITIAL,
                        side -> side == Routing.Side.SOURCE ? DriverManager.getConnection(sandbox.mariadb().jdbcUrl(db), APP, APP_PASSWORD)
                                : appTarget(sandbox, db, rollback), new Items(rows), writesPerSecond, Duration.ofMillis(50), ledger);
                Thread writerThread = new Thread(writer, "bench-writer");
                Thread sampler = new Thread(readiness, "bench-readiness");
                sampler.setDaemon(true);
                writerThread.start();
                sampler.start();
                try {
                    ReadinessGate gate = new ReadinessGate(Duration.ofMillis(config.cutover().lagThresholdMs()), Duration.ofMillis(config.cutover().lagSteadyMs()));
                    // A live pass while the writer writes: after the applier caught up with it; a pass that saw rows
                    // still in flight is run again, as the live validation service does.
                    for (int pass = 1; validations.lastClean().isEmpty(); pass++) {
                        long lagDeadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
                        ReadinessSignals s;
                        while ((s = readiness.awaitNewer()) == null || s.lag() == null || s.lag().toMillis() > config.cutover().lagThresholdMs()) {
                            if (System.nanoTime() > lagDeadline) {
                                throw new IllegalStateException("run " + n + ": the applier did not catch up with the writer within 3 minutes");
                            }
                        }
                        validations.runOnce();
                        if (pass == 3 && validations.lastClean().isEmpty()) {
                            throw new IllegalStateException("run " + n + ": three live validation passes found differences");
                        }
                    }
                    readiness.awaitNewer();
                    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
                    while (true) {
                        ReadinessSignals s = readiness.latest();
                        if (s != null && gate.refusals(s).isEmpty()) {
                            break;
                        }
                        if (System.nanoTime() > deadline) {
                            throw new IllegalStateException("run " + n + ": not ready within 3 minutes: " + (s == null ? "no reading" : gate.refusals(s)));
                        }
                        Thread.sleep(200);
                    }
                    long requested = System.nanoTime();
                    AdminClient.Response response = client.post(config.name(), "cutover", null);
                    long answered = System.nanoTime();
                    CutoverReport report = CutoverReport.fromJson(response.body());
                    long settle = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                    while (System.nanoTime() < settle && writer.failure() == null) {
                        Thread.sleep(50);
                    }
                    // The forward switch, before a rollback moves the writer again.
                    long switchedToTarget = writer.switchedAtNanos();
                    Rollback back = rollback ? rollBack(sandbox, db, client, config, reverse, writer, writerThread, ledger, rollbackAfter) : null;
                    writer.stop();
                    writerThread.join(30_000);
                    if (writer.failure() != null) {
                        throw new IllegalStateException("run " + n + ": the writer failed", writer.failure());
                    }
                    long pause = WriteLedger.longestGapMillis(ledger.ackTimes(), requested, Math.max(answered, switchedToTarget));
                    Map<String, Long> steps = new LinkedHashMap<>();
                    long toFlip = 0;
                    boolean frozen = false;
                    for (CutoverReport.StepOutcome st : report.steps()) {
                        toFlip += st.millis();
                        frozen |= st.step().equals("freeze");
                        if (frozen) {
                            steps.put(st.step(), st.millis());
                        }
                        if (st.step().equals("flip")) {
                            break;
                        }
                    }
                    long lost = rollback ? 0 : WriteLedger.mismatches(ledger.expected(), targetItems(sandbox, db)).size();
                    if (report.outcome() != (rollback ? CutoverReport.Outcome.FLIPPED : CutoverReport.Outcome.COMPLETE)) {
                        System.out.println(report.text());
                    }
                    // The application's view when it saw the flip; else the steps' own times (which leave out the
                    // persisted transitions between steps).
                    long seen = switchedToTarget > requested ? (switchedToTarget - requested) / 1_000_000L : toFlip;
                    return new Run(n, pause, seen, report.freezeMillis() == null ? 0 : report.freezeMillis(), steps, ledger.acknowledged(), lost,
                            report.outcome().name(), back);
                } finally {
                    if (reverse != null) {
                        reverse.close();
                    }
                    writer.stop();
                    writerThread.join(30_000);
                    readiness.stop(); // a Kafka client may swallow the interrupt
                    sampler.interrupt();
                    sampler.join(30_000); // before the probe closes: its Kafka consumer is single-threaded
                }
            }
        }
    }

    /**
     * The writer goes on on PostgreSQL for {@code seconds} while the reverse lag is sampled, then a rollback; the pause is
     * the longest gap between acknowledged writes from the request until the writer follows the route back.
     */
    private static Rollback rollBack(Sandbox sandbox, String db, AdminClient client, PipelineConfig config, ReverseReplication reverse,
                                     RoutedWriter writer, Thread writerThread, WriteLedger ledger, int seconds) throws Exception {
        List<Long> lags = new ArrayList<>();
        long until = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        while (System.nanoTime() < until) {
            long lag = reverse.lagMillis();
            if (lag >= 0) {
                lags.add(lag);
            }
            Thread.sleep(200);
        }
        long ackedOnTarget = ledger.acknowledgedOn(Routing.Side.TARGET);
        long requested = System.nanoTime();
        AdminClient.Response response = client.post(config.name(), "rollback", null);
        long answered = System.nanoTime();
        CutoverReport report = CutoverReport.fromJson(response.body());
        long settle = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (System.nanoTime() < settle && writer.failure() == null) {
            Thread.sleep(50);
        }
        writer.stop();
        // Its last transaction commits and is acknowledged (or not) before the ledger is compared.
        writerThread.join(30_000);
        if (report.outcome() != CutoverReport.Outcome.ROLLED_BACK) {
            System.out.println(report.text());
        }
        long pause = WriteLedger.longestGapMillis(ledger.ackTimes(), requested, Math.max(answered, writer.switchedAtNanos()));
        Map<String, Long> steps = new LinkedHashMap<>();
        report.steps().forEach(st -> steps.put(st.step(), st.millis()));
        long lost = ledger.mismatchesIn(sourceItems(sandbox, db)).size();
        return new Rollback(pause, report.freezeMillis() == null ? 0 : report.freezeMillis(), WriteLedger.percentile(lags, 50),
                WriteLedger.percentile(lags, 100), ackedOnTarget, lost, report.outcome().name(), steps);
    }

    private static Map<String, String> sourceItems(Sandbox sandbox, String db) throws SQLException {
        Map<String, String> out = new HashMap<>();
        try (Connection c = sandbox.mariadb().connect(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id, amount FROM items")) {
            while (rs.next()) {
                out.put("items/" + rs.getLong(1), Integer.toString(rs.getInt(2)));
            }
        }
        return out;
    }

    /** The application: 30% inserts, 50% updates, 20% deletes of one row, each its own transaction. */
    static final class Items implements RoutedWriter.Workload {
        private final Random rnd = new Random(11);
        private final int rows;
        private long nextId;

        Items(int rows) {
            this.rows = rows;
            this.nextId = rows + 1L;
        }

        @Override
        public Map<String, String> step(Connection c, Routing.Side side) throws SQLException {
            int dice = rnd.nextInt(10);
            int amount = rnd.nextInt(1_000_000);
            if (dice < 3) {
                long id = nextId++;
                exec(c, "INSERT INTO items (id, amount, note) VALUES (?, ?, 'live')", id, amount);
                return Map.of("items/" + id, Integer.toString(amount));
            }
            long id = 1 + (long) rnd.nextInt((int) (nextId - 1));
            if (dice < 8) {
                return exec(c, "UPDATE items SET amount = ? WHERE id = ?", amount, id) == 1 ? Map.of("items/" + id, Integer.toString(amount)) : Map.of();
            }
            exec(c, "DELETE FROM items WHERE id = ?", id);
            return Map.of("items/" + id, WriteLedger.ABSENT);
        }

        private static int exec(Connection c, String sql, Object... args) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    ps.setObject(i + 1, args[i]);
                }
                return ps.executeUpdate();
            }
        }
    }

    private static void load(Sandbox sandbox, String db, int rows, boolean rollback) throws Exception {
        try (Connection c = sandbox.mariadb().connect(""); Statement s = c.createStatement()) {
            s.execute("SET GLOBAL read_only = 0"); // the previous run's cutover left the source frozen
            s.execute("CREATE DATABASE " + db);
            s.execute("CREATE TABLE " + db + ".items (id BIGINT NOT NULL PRIMARY KEY, amount INT NOT NULL, note VARCHAR(40) NULL,"
                    + " updated_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3))");
            s.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON " + db + ".* TO '" + APP + "'@'%'");
            if (rollback) {
                // Ferry's account writes the reverse changes, also under read_only (docs/rollback.md).
                s.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON " + db + ".* TO 'ferry'@'%'");
                s.execute("GRANT ALL ON ferry.* TO 'ferry'@'%'");
                s.execute("GRANT READ_ONLY ADMIN ON *.* TO 'ferry'@'%'");
            }
        }
        try (Connection c = sandbox.mariadb().connect(db)) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO items (id, amount, note) VALUES (?, ?, ?)")) {
                for (int i = 1; i <= rows; i++) {
                    ps.setLong(1, i);
                    ps.setInt(2, i);
                    ps.setString(3, "seed " + i);
                    ps.addBatch();
                    if (i % 5000 == 0) {
                        ps.executeBatch();
                        c.commit();
                    }
                }
                ps.executeBatch();
            }
            c.commit();
        }
        sandbox.postgres().createDatabase(db);
        try (Connection c = sandbox.postgres().connect(db); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA app");
            // With a way back the table is as ferry schema plans it (TIMESTAMP is timestamptz), so its values go back.
            s.execute("CREATE TABLE app.items (id bigint PRIMARY KEY, amount integer NOT NULL, note varchar(40), updated_at "
                    + (rollback ? "timestamptz(3) NOT NULL DEFAULT now()" : "timestamp(3) NOT NULL DEFAULT LOCALTIMESTAMP(3)") + ")");
            if (rollback) {
                s.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + APP + "') THEN CREATE ROLE " + APP
                        + " LOGIN PASSWORD '" + APP_PASSWORD + "'; END IF; END $$");
                s.execute("GRANT USAGE ON SCHEMA app TO " + APP);
                s.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON app.items TO " + APP);
            }
        }
    }

    private static PipelineConfig config(Sandbox sandbox, int n, String db, boolean rollback) throws Exception {
        Path file = sandbox.directory().resolve(db + ".yaml");
        Files.writeString(file, """
                name: cutover-bench-%d
                source: {kind: mariadb, host: 127.0.0.1, port: %d, user: ferry, password: bench-password, database: %s, serverId: %d}
                target: {kind: postgresql, host: 127.0.0.1, port: %d, database: %s, user: postgres, schema: app}
                kafka: {bootstrapServers: "%s", topicPrefix: %s, partitions: 3}
                apply: {batchSize: 5000, flushIntervalMs: 100}
                capture: {heartbeatIntervalMs: 200}
                cutover: {freeze: read_only, freezeBudgetMs: 10000, lagSteadyMs: 2000%s}
                """.formatted(n, sandbox.mariadb().port(), db, 6000 + n, sandbox.postgres().port(), db, sandbox.kafka().bootstrapServers(), db,
                rollback ? ", reverse: {enabled: true, applicationRole: " + APP + "}" : ""));
        return ConfigLoader.load(file);
    }

    private static long targetRows(Sandbox sandbox, String db) throws SQLException {
        try (Connection c = sandbox.postgres().connect(db); Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT count(*) FROM app.items")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The application on PostgreSQL: as its own role when a rollback freezes that role. */
    private static Connection appTarget(Sandbox sandbox, String db, boolean ownRole) throws SQLException {
        Connection c = ownRole ? DriverManager.getConnection(sandbox.postgres().jdbcUrl(db), APP, APP_PASSWORD) : sandbox.postgres().connect(db);
        try (Statement s = c.createStatement()) {
            s.execute("SET search_path TO app");
        }
        return c;
    }

    private static Map<String, String> targetItems(Sandbox sandbox, String db) throws SQLException {
        Map<String, String> out = new HashMap<>();
        try (Connection c = sandbox.postgres().connect(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id, amount FROM app.items")) {
            while (rs.next()) {
                out.put("items/" + rs.getLong(1), Integer.toString(rs.getInt(2)));
            }
        }
        return out;
    }
}
