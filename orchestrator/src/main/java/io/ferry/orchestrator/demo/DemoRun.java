package io.ferry.orchestrator.demo;

import io.ferry.core.config.ConfigLoader;
import io.ferry.core.config.PipelineConfig;
import io.ferry.core.schema.TableId;
import io.ferry.orchestrator.pipeline.LocalPipeline;
import io.ferry.orchestrator.schema.MySqlCatalogReader;
import io.ferry.orchestrator.schema.SchemaApplier;
import io.ferry.orchestrator.schema.SchemaPlan;
import io.ferry.orchestrator.schema.SchemaPlanner;
import io.ferry.orchestrator.schema.TypeMapper;
import io.ferry.sandbox.Sandbox;
import io.ferry.sandbox.SandboxOptions;
import io.ferry.validator.TableChecksummer;
import io.ferry.validator.TableComparison;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
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
            return compare(sandbox, config, pipeline);
        }
    }

    private boolean compare(Sandbox sandbox, PipelineConfig config, LocalPipeline pipeline) throws SQLException {
        List<TableComparison> results = new ArrayList<>();
        try (Connection source = connect(sandbox); Connection target = pipeline.openTarget()) {
            for (String table : ShopDatabase.TABLES) {
                results.add(TableChecksummer.compare(source, TableId.of("shop", table), target, TableId.of(config.target().schema(), table)));
            }
        }
        out.println();
        out.printf("  %-18s %12s %12s  %-16s  %-16s  %s%n", "table", "source rows", "target rows", "source checksum", "target checksum", "result");
        boolean allEqual = true;
        for (TableComparison r : results) {
            allEqual &= r.equal();
            out.printf("  %-18s %,12d %,12d  %-16s  %-16s  %s%n", r.table(), r.source().rows(), r.target().rows(),
                    r.source().hex(), r.target().hex(), r.equal() ? "EQUAL" : "DIFFERENT");
        }
        long dead = pipeline.applier().stats().deadLetters();
        out.println();
        out.println(allEqual && dead == 0
                ? "ferry demo: OK, the target equals the source and no record was dead-lettered"
                : "ferry demo: FAILED, source and target differ" + (dead > 0 ? " (" + dead + " dead letters)" : ""));
        return allEqual && dead == 0;
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
