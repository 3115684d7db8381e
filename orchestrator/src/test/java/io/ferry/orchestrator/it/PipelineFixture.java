package io.ferry.orchestrator.it;

import io.ferry.core.config.ConfigLoader;
import io.ferry.core.config.PipelineConfig;
import io.ferry.core.schema.TableId;
import io.ferry.core.value.LogicalType;
import io.ferry.orchestrator.cutover.CleanPass;
import io.ferry.orchestrator.pipeline.LocalPipeline;
import io.ferry.orchestrator.validate.PipelineValidation;
import io.ferry.orchestrator.validate.TouchedKeys;
import io.ferry.sandbox.Sandbox;
import io.ferry.core.value.jdbc.Engine;
import io.ferry.validator.TableChecksummer;
import io.ferry.validator.Side;
import io.ferry.validator.TableRows;
import io.ferry.validator.ValidatedTable;
import io.ferry.validator.ValidatedTables;
import io.ferry.validator.ValidationOptions;
import io.ferry.validator.ValidationReport;
import io.ferry.validator.Validator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One pipeline in the shared sandbox, isolated from other tests by name: its own MariaDB database,
 * PostgreSQL database, capture user, topic prefix and consumer group. Capture and applier run in
 * this JVM or as child JVMs that a test can kill.
 */
final class PipelineFixture {

    static final String PASSWORD_ENV = "FERRY_IT_SOURCE_PASSWORD";
    /** A marker password: tests search every log for it, since secrets must never be printed. */
    static final String PASSWORD = "it-Secret-7f3a";

    final Sandbox sandbox = Sandbox.shared();
    final String name;
    final Path yaml;
    final PipelineConfig config;

    PipelineFixture(String name, String onError, int batchSize) throws SQLException, IOException {
        this(name, onError, batchSize, "");
    }

    /** @param extraYaml more top-level sections of the pipeline file ({@code types: ...}) */
    PipelineFixture(String name, String onError, int batchSize, String extraYaml) throws SQLException, IOException {
        this(name, onError, batchSize, 100, extraYaml);
    }

    /** @param flushIntervalMs how long the applier lets a partial batch wait: a large one makes a slow applier */
    PipelineFixture(String name, String onError, int batchSize, long flushIntervalMs, String extraYaml) throws SQLException, IOException {
        this(name, onError, batchSize, flushIntervalMs, extraYaml, "");
    }

    /** @param captureYaml more keys of the {@code capture} section ({@code snapshotMode: initial, bulk: {chunkRows: 10}}) */
    PipelineFixture(String name, String onError, int batchSize, long flushIntervalMs, String extraYaml, String captureYaml)
            throws SQLException, IOException {
        this.name = name;
        try (Connection c = sandbox.mariadb().connect(""); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS `" + name + "`");
            s.execute("CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4");
        }
        sandbox.mariadb().createCaptureUser("ferry", PASSWORD);
        sandbox.postgres().createDatabase(name);
        yaml = sandbox.directory().resolve(name + ".yaml");
        Files.writeString(yaml, ("""
                name: %1$s
                source: {kind: mariadb, host: 127.0.0.1, port: %2$d, user: ferry, password: "${env:%5$s}", database: %1$s, serverId: %6$d}
                target: {kind: postgresql, host: 127.0.0.1, port: %3$d, database: %1$s, user: postgres, schema: app}
                kafka: {bootstrapServers: "%4$s", topicPrefix: %1$s, partitions: 3}
                apply: {batchSize: %7$d, flushIntervalMs: %9$d, onError: %8$s}
                capture: {heartbeatIntervalMs: 500%10$s}
                """ + extraYaml).formatted(name, sandbox.mariadb().port(), sandbox.postgres().port(), sandbox.kafka().bootstrapServers(),
                PASSWORD_ENV, 6000 + Math.abs(name.hashCode() % 1000), batchSize, onError, flushIntervalMs,
                captureYaml.isEmpty() ? "" : ", " + captureYaml));
        config = ConfigLoader.parse(Files.readString(yaml), yaml.toString(),
                n -> n.equals(PASSWORD_ENV) ? PASSWORD : System.getenv(n), yaml.getParent());
    }

    /**
     * The same pipeline with the password read from a file ({@code ${file:...}}), for running the
     * command line in this JVM, whose environment a test cannot set.
     */
    Path yamlWithPasswordFile() throws IOException {
        Path secret = sandbox.directory().resolve(name + ".password");
        Files.writeString(secret, PASSWORD + "\n");
        Path file = sandbox.directory().resolve(name + "-file-secret.yaml");
        Files.writeString(file, Files.readString(yaml).replace("${env:" + PASSWORD_ENV + "}", "${file:" + secret.getFileName() + "}"));
        return file;
    }

    Connection source() throws SQLException {
        return sandbox.mariadb().connect(name);
    }

    Connection target() throws SQLException {
        return sandbox.postgres().connect(name);
    }

    void sourceSql(String... statements) throws SQLException {
        try (Connection c = source(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    void targetSql(String... statements) throws SQLException {
        try (Connection c = target(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    LocalPipeline startInProcess() {
        return new LocalPipeline(config).start();
    }

    ChildService spawnCapture(String fault) throws IOException {
        return ChildService.start("io.ferry.capture.CaptureMain", yaml, fault, PASSWORD_ENV, PASSWORD,
                sandbox.directory().resolve(name + "-capture-" + System.nanoTime() + ".log"));
    }

    ChildService spawnApplier(String fault) throws IOException {
        return ChildService.start("io.ferry.apply.streams.ApplierMain", yaml, fault, PASSWORD_ENV, PASSWORD,
                sandbox.directory().resolve(name + "-applier-" + System.nanoTime() + ".log"));
    }

    /** Row-level differences of a table between source and target (over the target's columns). */
    List<String> differences(String table, List<String> key) throws SQLException {
        try (Connection s = source(); Connection t = target()) {
            TableId target = TableId.of(config.target().schema(), table);
            Map<String, LogicalType> cols = TableChecksummer.postgresColumns(t, target);
            var src = TableRows.read(s, Engine.MYSQL, TableId.of(name, table), cols, key, config.types());
            var dst = TableRows.read(t, Engine.POSTGRESQL, target, cols, key);
            return TableRows.diff(new ArrayList<>(cols.keySet()), src, dst);
        }
    }

    /** The source and target of one of this pipeline's tables, for the validator. */
    ValidatedTable validated(String table) throws SQLException {
        try (Connection s = source(); Connection t = target()) {
            return ValidatedTables.mysqlToPostgres(s, TableId.of(name, table), t, TableId.of(config.target().schema(),
                    io.ferry.core.schema.TargetNames.shorten(table)), config.types());
        }
    }

    /** Validates tables of this pipeline with the segmented validator. */
    ValidationReport validate(ValidationOptions options, String... tables) throws Exception {
        List<ValidatedTable> list = new ArrayList<>();
        for (String t : tables) {
            list.add(validated(t));
        }
        try (Validator v = new Validator(Side.source(Engine.MYSQL, this::source), Side.target(this::target),
                options, null)) {
            return v.run(list);
        }
    }

    /**
     * A validation pass of every table of the pipeline, with the change topics' ends read just before it: the last
     * clean pass a cutover starts from. It fails, with the number of differences, where the pass found any.
     */
    CleanPass cleanPass(ValidationOptions options) throws Exception {
        PipelineValidation validation = new PipelineValidation(config, options);
        var offsets = new TouchedKeys(config).endOffsets();
        ValidationReport report;
        try (Validator v = new Validator(validation.source(), validation.target(), options, null)) {
            report = v.run(validation.tables(null));
        }
        if (report.hasDifferences()) {
            throw new AssertionError("the validation pass before the cutover is not clean:\n" + report.text());
        }
        return new CleanPass(report, offsets);
    }

    /** Waits until the table is equal on both sides (the writer must have stopped), then returns the differences left. */
    List<String> awaitEqual(String table, List<String> key, Duration timeout, ChildService... services) throws Exception {
        java.util.concurrent.atomic.AtomicReference<List<String>> diff = new java.util.concurrent.atomic.AtomicReference<>(differences(table, key));
        try {
            org.awaitility.Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(500)).until(() -> {
                for (ChildService s : services) {
                    s.assertAlive();
                }
                diff.set(differences(table, key));
                return diff.get().isEmpty();
            });
        } catch (org.awaitility.core.ConditionTimeoutException stillDifferent) {
            // the caller asserts on what is left
        }
        return diff.get();
    }
}
