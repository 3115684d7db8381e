package io.ferry.orchestrator.demo;

import io.ferry.apply.jdbc.TargetConnections;
import io.ferry.core.config.ConfigLoader;
import io.ferry.core.config.PipelineConfig;
import io.ferry.core.config.Secret;
import io.ferry.core.fault.FaultPoints;
import io.ferry.orchestrator.api.AdminClient;
import io.ferry.orchestrator.api.AdminServer;
import io.ferry.orchestrator.cutover.CleanPass;
import io.ferry.orchestrator.cutover.Coordinator;
import io.ferry.orchestrator.cutover.CutoverPlans;
import io.ferry.orchestrator.cutover.CutoverReport;
import io.ferry.orchestrator.cutover.LiveValidations;
import io.ferry.orchestrator.cutover.PipelineReadiness;
import io.ferry.orchestrator.cutover.ReadinessSampler;
import io.ferry.orchestrator.migration.Connections;
import io.ferry.orchestrator.migration.JdbcMigrationStore;
import io.ferry.orchestrator.migration.MigrationPhase;
import io.ferry.orchestrator.migration.ReadinessGate;
import io.ferry.orchestrator.migration.ReadinessSignals;
import io.ferry.orchestrator.migration.Routing;
import io.ferry.orchestrator.lag.TableLags;
import io.ferry.orchestrator.pipeline.LocalPipeline;
import io.ferry.orchestrator.schema.MySqlCatalogReader;
import io.ferry.orchestrator.schema.SchemaApplier;
import io.ferry.orchestrator.schema.SchemaPlan;
import io.ferry.orchestrator.schema.SchemaPlanner;
import io.ferry.core.schema.mapping.TypeMapper;
import io.ferry.orchestrator.validate.PipelineValidation;
import io.ferry.orchestrator.validate.TouchedKeys;
import io.ferry.sandbox.Sandbox;
import io.ferry.sandbox.SandboxOptions;
import io.ferry.validator.ValidationOptions;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code ferry demo}: a private MariaDB, PostgreSQL and Kafka; a sample shop loaded into MariaDB; capture, applier,
 * the coordinator and its admin API; a sample application that writes to whichever side the routing endpoint names
 * and keeps a ledger of its acknowledged writes; a live validation; then a cutover requested through the API while
 * the application writes. Succeeds only when the cutover completed, every acknowledged write is in PostgreSQL and
 * the source is read-only for the application.
 */
public final class DemoRun {

    /**
     * What to run.
     *
     * @param writeBeforeCutover the least time the application writes before the cutover is requested
     * @param writeAfterFlip     how long it goes on writing, to PostgreSQL, after the cutover answered
     * @param readyTimeout       the longest wait for the migration to become ready for a cutover
     */
    public record Options(Duration writeBeforeCutover, Duration writeAfterFlip, int writesPerSecond, ShopDatabase.Size size,
                          Duration readyTimeout) {
    }

    /** The sample application's own MariaDB account: no privilege that writes through read_only. */
    static final String APP_USER = "shop_app";

    private final Options options;
    private final PrintStream out;

    public DemoRun(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /** Runs the demo; returns true when source and target are equal. */
    public boolean run() throws Exception {
        long t0 = System.nanoTime();
        out.println("ferry demo: starting a private Kafka broker, PostgreSQL and MariaDB ...");
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults())) {
            out.printf("  sandbox up in %.1f s (%s; Kafka %s, MariaDB port %d, PostgreSQL port %d)%n", secondsSince(t0),
                    sandbox.directory(), sandbox.kafka().bootstrapServers(), sandbox.mariadb().port(), sandbox.postgres().port());
            String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
            String appPassword = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
            Prepared p = prepare(sandbox, password, appPassword);
            return migrate(sandbox, p.config(), p.plan(), appPassword);
        }
    }

    private record Prepared(PipelineConfig config, SchemaPlan plan) {
    }

    private Prepared prepare(Sandbox sandbox, String password, String appPassword) throws Exception {
        long t = System.nanoTime();
        try (Connection c = sandbox.mariadb().connect("")) {
            ShopDatabase.createSource(c, "shop");
            ShopDatabase.load(c, options.size());
        }
        sandbox.mariadb().createCaptureUser("ferry", password);
        try (Connection root = sandbox.mariadb().connect(""); Statement s = root.createStatement()) {
            s.execute("CREATE USER '" + APP_USER + "'@'%' IDENTIFIED BY '" + appPassword + "'");
            s.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON shop.* TO '" + APP_USER + "'@'%'");
        }
        out.printf("  loaded the sample shop into MariaDB: %,d rows in %.1f s%n", options.size().totalRows(), secondsSince(t));
        sandbox.postgres().createDatabase("ferry_demo");
        SchemaPlan plan;
        try (Connection source = sandbox.mariadb().connect("shop"); Connection target = sandbox.postgres().connect("ferry_demo")) {
            plan = new SchemaPlanner(new TypeMapper(io.ferry.core.config.TypesConfig.DEFAULTS)).plan(MySqlCatalogReader.read(source, "shop"), "shop");
            SchemaApplier.applyBeforeCopy(target, plan);
        }
        out.printf("  target tables created in PostgreSQL from the source's catalog (%d tables, %d findings)%n",
                plan.tables().size(), plan.findings().size());
        Path file = sandbox.directory().resolve("pipeline.yaml");
        Files.writeString(file, DemoPipeline.yaml(sandbox.kafka().bootstrapServers(), sandbox.mariadb().port(), sandbox.postgres().port()));
        out.println("  pipeline file: " + file);
        return new Prepared(ConfigLoader.parse(Files.readString(file), file.toString(),
                name -> name.equals("FERRY_DEMO_SOURCE_PASSWORD") ? password : System.getenv(name), file.getParent()), plan);
    }

    private boolean migrate(Sandbox sandbox, PipelineConfig config, SchemaPlan plan, String appPassword) throws Exception {
        Connections target = () -> TargetConnections.open(config.target(), "ferry-demo-coordinator");
        LiveValidations validations = new LiveValidations(new PipelineValidation(config, ValidationOptions.DEFAULTS.withSegmentRows(20_000)),
                new TouchedKeys(config)::endOffsets, 60, 1000);
        WriteLedger ledger = new WriteLedger();
        try (LocalPipeline pipeline = new LocalPipeline(config);
             PipelineReadiness probe = new PipelineReadiness(config, target, validations::lastWasClean)) {
            long t = System.nanoTime();
            pipeline.start();
            TableLags lags = TableLags.attach(pipeline.applier().stats());
            ReadinessSampler readiness = new ReadinessSampler(probe);
            CutoverPlans.Inputs inputs = CutoverPlans.Inputs.fromPlan(readiness, () -> pipeline.capture().stats().lastAckedOffset(),
                    pipeline::failure, validations::lastClean, plan,
                    () -> sandbox.mariadb().connect("")); // the sandbox's root may SET GLOBAL read_only
            Coordinator coordinator = Coordinator.start(new JdbcMigrationStore(target), config.name(), MigrationPhase.STREAMING, "ferry-demo",
                    m -> CutoverPlans.standard(config, inputs), Duration.ofMillis(config.cutover().freezeBudgetMs()), FaultPoints.fromSystemProperty());
            Secret token = Secret.of(HexFormat.of().formatHex(new SecureRandom().generateSeed(16)));
            try (AdminServer api = new AdminServer("127.0.0.1", 0, token, n -> n.equals(config.name()) ? coordinator : null)) {
                AdminClient client = new AdminClient("http://127.0.0.1:" + api.port(), token);
                out.println("  capture, applier, coordinator and admin API (http://127.0.0.1:" + api.port() + ", random bearer token) started");
                RoutedWriter writer = new RoutedWriter(RoutedWriter.http(client, config.name()), Routing.INITIAL,
                        side -> side == Routing.Side.SOURCE ? appSource(sandbox, appPassword) : appTarget(sandbox),
                        new ShopWriter(options.size(), 7), options.writesPerSecond(), Duration.ofMillis(50), ledger);
                Thread writerThread = new Thread(writer, "shop-writer");
                writerThread.start();
                out.println("  the shop application writes " + options.writesPerSecond()
                        + " tx/s through its own MariaDB account to the side GET " + AdminServer.PREFIX + config.name() + "/route names");
                StatusLine status = new StatusLine(pipeline, ledger);
                Thread sampler = new Thread(readiness, "demo-readiness");
                sampler.setDaemon(true);
                sampler.start();
                try {
                    long writeUntil = System.nanoTime() + options.writeBeforeCutover().toNanos();
                    boolean validated = false;
                    long deadline = System.nanoTime() + options.readyTimeout().toNanos();
                    ReadinessGate gate = new ReadinessGate(Duration.ofMillis(config.cutover().lagThresholdMs()),
                            Duration.ofMillis(config.cutover().lagSteadyMs()));
                    while (true) {
                        Thread.sleep(1000);
                        failIfBroken(pipeline, writer);
                        out.println("  " + status.render(secondsSince(t)));
                        ReadinessSignals s = readiness.latest();
                        // Validate once the applier has caught up with the snapshot: earlier, most segments differ.
                        if (!validated && pipeline.capture().stats().streaming() && s != null && s.lag() != null
                                && s.lag().toMillis() <= config.cutover().lagThresholdMs()) {
                            validated = validate(validations);
                            s = readiness.awaitNewer();
                        }
                        if (validated && s != null && gate.refusals(s).isEmpty() && System.nanoTime() >= writeUntil) {
                            break;
                        }
                        if (System.nanoTime() > deadline) {
                            out.println("ferry demo: FAILED, the migration did not become ready for a cutover in "
                                    + options.readyTimeout().toSeconds() + " s" + (s == null ? "" : ": " + gate.refusals(s)));
                            return false;
                        }
                    }
                    lags.report(System.currentTimeMillis()).lines().forEach(line -> out.println("  " + line));
                    return cutOver(sandbox, config, pipeline, client, writer, writerThread, appPassword);
                } finally {
                    writer.stop();
                    writerThread.join(30_000);
                    readiness.stop();
                    sampler.interrupt();
                    sampler.join(30_000); // before the probe closes: its Kafka consumer is single-threaded
                }
            }
        }
    }

    /** One live validation pass while the application writes; its report is the demo's comparison table. */
    private boolean validate(LiveValidations validations) throws Exception {
        out.println();
        out.println("  validating while the application writes (segmented checksums in each database, differing segments re-checked) ...");
        // Rows in flight can outlast a pass's re-checks under a busy writer; the live service then runs another pass.
        for (int pass = 1; validations.lastClean().isEmpty(); pass++) {
            validations.runOnce();
            if (validations.lastClean().isEmpty()) {
                if (pass == 3) {
                    throw new IllegalStateException("three live validation passes found differences; see the log");
                }
                out.println("  a pass saw rows still in flight; validating again ...");
            }
        }
        Optional<CleanPass> clean = validations.lastClean();
        clean.get().report().text().lines().forEach(line -> out.println("  " + line));
        out.println();
        return true;
    }

    private boolean cutOver(Sandbox sandbox, PipelineConfig config, LocalPipeline pipeline, AdminClient client, RoutedWriter writer,
                            Thread writerThread, String appPassword) throws Exception {
        WriteLedger ledger = writer.ledger();
        out.printf("  ready (lag under %d ms for %d ms, no dead letters, validation clean); requesting the cutover: POST %s%s/cutover%n",
                config.cutover().lagThresholdMs(), config.cutover().lagSteadyMs(), AdminServer.PREFIX, config.name());
        long requested = System.nanoTime();
        AdminClient.Response response = client.post(config.name(), "cutover", null);
        long answered = System.nanoTime();
        CutoverReport report = CutoverReport.fromJson(response.body());
        report.text().lines().forEach(line -> out.println("  " + line));
        long until = System.nanoTime() + options.writeAfterFlip().toNanos();
        while (System.nanoTime() < until && writer.failure() == null) {
            Thread.sleep(100);
        }
        writer.stop();
        writerThread.join(30_000);
        failIfBroken(pipeline, writer);
        long pause = WriteLedger.longestGapMillis(ledger.ackTimes(), requested, Math.max(answered, writer.switchedAtNanos()));
        out.println();
        out.printf("  the application: %,d writes acknowledged (%,d on MariaDB, %,d on PostgreSQL), %,d refused while frozen%n",
                ledger.acknowledged(), ledger.acknowledgedOn(Routing.Side.SOURCE), ledger.acknowledgedOn(Routing.Side.TARGET), writer.failedWrites());
        if (writer.failedWrites() > 0) {
            out.println("  last refused write: " + writer.lastError());
        }
        out.printf("  write pause the application saw around the flip: %,d ms (longest gap between acknowledged writes)%n", pause);
        if (report.freezeMillis() != null) {
            out.printf("  source frozen for %,d ms: %s%n", report.freezeMillis(), freezeSteps(report));
        }
        List<String> missing = WriteLedger.mismatches(ledger.expected(), targetOrders(sandbox));
        out.println(missing.isEmpty()
                ? String.format("  every acknowledged write is in PostgreSQL: %,d orders with their last acknowledged status", ledger.expected().size())
                : "  MISSING in PostgreSQL: " + missing.size() + " acknowledged write(s), e.g. " + missing.subList(0, Math.min(5, missing.size())));
        String sourceCheck = sourceReadOnlyForApplication(sandbox, appPassword);
        out.println("  the source " + (sourceCheck == null ? "is read-only for the application" : "is NOT read-only for the application: " + sourceCheck));
        long dead = pipeline.applier().stats().deadLetters();
        boolean ok = response.status() == 200 && report.outcome() == CutoverReport.Outcome.COMPLETE && missing.isEmpty() && sourceCheck == null
                && ledger.acknowledgedOn(Routing.Side.TARGET) > 0 && dead == 0;
        out.println();
        out.println(ok
                ? "ferry demo: OK, the shop moved to PostgreSQL while it was written; nothing acknowledged was lost"
                : "ferry demo: FAILED" + (report.outcome() != CutoverReport.Outcome.COMPLETE ? ", the cutover ended " + report.outcome() : "")
                + (dead > 0 ? ", " + dead + " dead letters" : "") + (ledger.acknowledgedOn(Routing.Side.TARGET) == 0 ? ", no write reached PostgreSQL" : ""));
        return ok;
    }

    /** Each step from the freeze to the flip with its time. */
    static String freezeSteps(CutoverReport report) {
        StringBuilder sb = new StringBuilder();
        boolean frozen = false;
        for (CutoverReport.StepOutcome s : report.steps()) {
            frozen |= s.step().equals("freeze");
            if (frozen) {
                sb.append(sb.length() == 0 ? "" : ", ").append(s.step()).append(' ').append(s.millis()).append(" ms");
            }
            if (s.step().equals("flip")) {
                break;
            }
        }
        return sb.toString();
    }

    /** Every order's status in PostgreSQL, keyed as the ledger keys it. */
    private static Map<String, String> targetOrders(Sandbox sandbox) throws SQLException {
        Map<String, String> out = new HashMap<>();
        try (Connection c = sandbox.postgres().connect("ferry_demo"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, status FROM shop.orders")) {
            while (rs.next()) {
                out.put(ShopWriter.orderKey(rs.getLong(1)), rs.getString(2));
            }
        }
        return out;
    }

    /** Null when the application's MariaDB account cannot write any more; else what happened. */
    private static String sourceReadOnlyForApplication(Sandbox sandbox, String appPassword) {
        try (Connection c = appSource(sandbox, appPassword); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE products SET price = price WHERE id = 1");
            return "an UPDATE as " + APP_USER + " succeeded";
        } catch (SQLException e) {
            return e.getMessage() != null && e.getMessage().contains("read-only") ? null : "unexpected error: " + e.getMessage();
        }
    }

    private static Connection appSource(Sandbox sandbox, String password) throws SQLException {
        return DriverManager.getConnection(sandbox.mariadb().jdbcUrl("shop"), APP_USER, password);
    }

    private static Connection appTarget(Sandbox sandbox) throws SQLException {
        Connection c = sandbox.postgres().connect("ferry_demo");
        try (Statement s = c.createStatement()) {
            s.execute("SET search_path TO shop");
        }
        return c;
    }

    private static Connection connect(Sandbox sandbox) {
        try {
            return sandbox.mariadb().connect("shop");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to the demo's MariaDB: " + e.getMessage(), e);
        }
    }

    private static void failIfBroken(LocalPipeline pipeline, RoutedWriter writer) {
        if (pipeline.failure() != null) {
            throw new IllegalStateException("the pipeline failed: " + pipeline.failure().getMessage(), pipeline.failure());
        }
        if (writer.failure() != null) {
            throw new IllegalStateException("the demo's writer failed: " + writer.failure().getMessage(), writer.failure());
        }
    }

    private static double secondsSince(long nanos) {
        return (System.nanoTime() - nanos) / 1e9;
    }
}
