package io.ferry.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ferry.sandbox.KafkaBroker;
import io.ferry.sandbox.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A service stops within its bound whatever is unreachable: capture and the applier run as child JVMs against a
 * broker of this test alone, the broker is stopped, and SIGTERM must end both within {@code shutdownTimeoutMs}
 * (plus the JVM's own exit), each saying how it stopped.
 */
class ServiceShutdownIT {

    private static final long SHUTDOWN_TIMEOUT_MS = 10_000;
    /** Time beyond the shutdown timeout for the JVM to start its hooks and exit. */
    private static final long EXIT_SLACK_MS = 8_000;

    private final Sandbox sandbox = Sandbox.shared();

    @Test
    void sigtermEndsCaptureAndApplierWithinTheShutdownTimeoutWhileTheBrokerIsDown() throws Exception {
        String name = "sigterm_broker_down";
        Path dir = Files.createDirectories(sandbox.directory().resolve(name + "-" + System.nanoTime()));
        KafkaBroker broker = KafkaBroker.start(dir.resolve("kafka"));
        ChildService capture = null;
        ChildService applier = null;
        try {
            try (Connection c = sandbox.mariadb().connect(""); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS `" + name + "`");
                s.execute("CREATE DATABASE `" + name + "`");
                s.execute("CREATE TABLE `" + name + "`.items (id bigint PRIMARY KEY, name varchar(40))");
                s.execute("INSERT INTO `" + name + "`.items VALUES (1, 'a'), (2, 'b'), (3, 'c')");
            }
            sandbox.mariadb().createCaptureUser("ferry", PipelineFixture.PASSWORD);
            sandbox.postgres().createDatabase(name);
            try (Connection c = sandbox.postgres().connect(name); Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA IF NOT EXISTS app");
                s.execute("CREATE TABLE IF NOT EXISTS app.items (id bigint PRIMARY KEY, name varchar(40))");
            }
            Path yaml = dir.resolve(name + ".yaml");
            Files.writeString(yaml, """
                    name: %1$s
                    source: {kind: mariadb, host: 127.0.0.1, port: %2$d, user: ferry, password: "${env:%5$s}", database: %1$s, serverId: 7311}
                    target: {kind: postgresql, host: 127.0.0.1, port: %3$d, database: %1$s, user: postgres, schema: app}
                    kafka: {bootstrapServers: "%4$s", topicPrefix: %1$s, partitions: 1}
                    apply: {batchSize: 100, flushIntervalMs: 100, shutdownTimeoutMs: %6$d}
                    capture: {heartbeatIntervalMs: 500, shutdownTimeoutMs: %6$d}
                    """.formatted(name, sandbox.mariadb().port(), sandbox.postgres().port(), broker.bootstrapServers(),
                    PipelineFixture.PASSWORD_ENV, SHUTDOWN_TIMEOUT_MS));
            capture = ChildService.start("io.ferry.capture.CaptureMain", yaml, null, PipelineFixture.PASSWORD_ENV,
                    PipelineFixture.PASSWORD, dir.resolve("capture.log"));
            applier = ChildService.start("io.ferry.apply.streams.ApplierMain", yaml, null, PipelineFixture.PASSWORD_ENV,
                    PipelineFixture.PASSWORD, dir.resolve("applier.log"));
            // Both are running for real: the snapshot went through the broker into the target.
            await().atMost(Duration.ofSeconds(120)).until(() -> targetRows(name) == 3);
            capture.assertAlive();
            applier.assertAlive();

            broker.close();
            // A change that capture now cannot hand to Kafka, so a batch is in flight when the stop comes.
            try (Connection c = sandbox.mariadb().connect(name); Statement s = c.createStatement()) {
                s.execute("INSERT INTO items VALUES (4, 'd')");
            }

            for (ChildService service : new ChildService[] {capture, applier}) {
                long started = System.nanoTime();
                service.terminate((SHUTDOWN_TIMEOUT_MS + EXIT_SLACK_MS) / 1000);
                long tookMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
                assertThat(tookMs).as("stop of %s with the broker down (log %s)", service.log, service.log)
                        .isLessThan(SHUTDOWN_TIMEOUT_MS + EXIT_SLACK_MS);
                assertThat(Files.readString(service.log)).as("log %s", service.log)
                        .containsAnyOf("stopped in", "abandoning");
            }
        } finally {
            for (ChildService service : new ChildService[] {capture, applier}) {
                if (service != null) {
                    service.close();
                }
            }
            broker.close();
        }
    }

    private long targetRows(String database) {
        try (Connection c = sandbox.postgres().connect(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM app.items")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return -1;
        }
    }
}
