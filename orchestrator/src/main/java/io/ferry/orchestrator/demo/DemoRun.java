package io.ferry.orchestrator.demo;

import io.ferry.core.config.ConfigLoader;
import io.ferry.core.config.PipelineConfig;
import io.ferry.core.schema.TableId;
import io.ferry.orchestrator.lag.TableLags;
import io.ferry.orchestrator.pipeline.LocalPipeline;
import io.ferry.orchestrator.schema.MySqlCatalogReader;
import io.ferry.orchestrator.schema.SchemaApplier;
import io.ferry.orchestrator.schema.SchemaPlan;
import io.ferry.orchestrator.schema.SchemaPlanner;
import io.ferry.orchestrator.schema.TypeMapper;
import io.ferry.sandbox.Sandbox;
import io.ferry.sandbox.SandboxOptions;
import io.ferry.orchestrator.validate.PipelineValidation;
import io.ferry.validator.ValidationOptions;
import io.ferry.validator.ValidationReport;
import io.ferry.validator.service.RunRequest;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code ferry demo}: a private MariaDB, PostgreSQL and Kafka; a sample shop loaded into MariaDB;
 * capture and applier moving it live while a writer keeps changing it; then a drain and a per-table
 * comparison of row counts and checksums. Succeeds only when every table is equal.
 */
public final class DemoRun {

    /** What to run. */
    public record Options(Duration writeFor, int writesPerSecond, ShopDatabase.Size size, Duration drainTimeout) {
    }

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
            PipelineConfig config = prepare(sandbox, password);
            return migrate(sandbox, config);
        }
    }

    private PipelineConfig prepare(Sandbox sandbox, String password) throws Exception {
        long t = System.nanoTime();
        try (Connection c = sandbox.mariadb().connect("")) {
            ShopDatabase.createSource(c, "shop");
            ShopDatabase.load(c, options.size());
        }
        sandbox.mariadb().createCaptureUser("ferry", password);
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
        return ConfigLoader.parse(Files.readString(file), file.toString(),
                name -> name.equals("FERRY_DEMO_SOURCE_PASSWORD") ? password : System.getenv(name), file.getParent());
    }

    private boolean migrate(Sandbox sandbox, PipelineConfig config) throws Exception {
        ShopWriter writer = new ShopWriter(() -> connect(sandbox), options.size(), options.writesPerSecond(), 7);
        try (LocalPipeline pipeline = new LocalPipeline(config)) {
            long t = System.nanoTime();
            pipeline.start();
            TableLags lags = TableLags.attach(pipeline.applier().stats());
            out.println("  capture and applier started; an application keeps writing to MariaDB for " + options.writeFor().toSeconds() + " s");
            Thread writerThread = new Thread(writer, "shop-writer");
            writerThread.start();
            StatusLine status = new StatusLine(pipeline, writer);
            long until = System.nanoTime() + options.writeFor().toNanos();
            while (System.nanoTime() < until) {
                Thread.sleep(1000);
                out.println("  " + status.render(secondsSince(t)));
                failIfBroken(pipeline, writer);
            }
            writer.stop();
            writerThread.join();
            failIfBroken(pipeline, writer);
            out.printf("  writer stopped after %,d transactions; draining ...%n", writer.transactions());
            long d = System.nanoTime();
            pipeline.awaitCaughtUp(options.drainTimeout());
            out.printf("  caught up in %.1f s; %s%n", secondsSince(d), status.render(secondsSince(t)));
            lags.report(System.currentTimeMillis()).lines().forEach(line -> out.println("  " + line));
            return compare(sandbox, config, pipeline);
        }
    }

    /** The segmented validator, as a user runs it (ferry validate): every table checked in both databases. */
    private boolean compare(Sandbox sandbox, PipelineConfig config, LocalPipeline pipeline) throws Exception {
        out.println();
        out.println("  validating (segmented checksums computed in each database) ...");
        ValidationReport report = new PipelineValidation(config, ValidationOptions.DEFAULTS.withSegmentRows(20_000))
                .run(RunRequest.DEFAULTS, progress -> { });
        report.text().lines().forEach(line -> out.println("  " + line));
        long dead = pipeline.applier().stats().deadLetters();
        boolean ok = !report.hasDifferences() && dead == 0;
        out.println();
        out.println(ok
                ? "ferry demo: OK, the target equals the source and no record was dead-lettered"
                : "ferry demo: FAILED, source and target differ" + (dead > 0 ? " (" + dead + " dead letters)" : ""));
        return ok;
    }

    private static Connection connect(Sandbox sandbox) {
        try {
            return sandbox.mariadb().connect("shop");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to the demo's MariaDB: " + e.getMessage(), e);
        }
    }

    private static void failIfBroken(LocalPipeline pipeline, ShopWriter writer) {
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
