package io.ferry.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ferry.apply.jdbc.TargetConnections;
import io.ferry.capture.SourceTables;
import io.ferry.core.config.ConfigLoader;
import io.ferry.core.config.PipelineConfig;
import io.ferry.orchestrator.pipeline.LocalPipeline;
import io.ferry.orchestrator.validate.PipelineValidation;
import io.ferry.sandbox.Sandbox;
import io.ferry.sandbox.SandboxOptions;
import io.ferry.validator.ValidationOptions;
import io.ferry.validator.ValidationReport;
import io.ferry.validator.service.RunRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TLS-only servers: the sandbox's MariaDB and PostgreSQL refuse every connection without TLS, with a certificate of a
 * CA made here. With {@code tls: {mode: verify-full, caFile: ...}} on source and target, capture (Debezium, snapshot
 * and binlog), the applier and the validator all work; with another CA's file, each connection is refused with an
 * error that names the certificate problem.
 */
class TlsIT {

    private static final String NAME = "tls_only";
    private static Sandbox sandbox;
    private static Path certs;

    @BeforeAll
    static void start() throws Exception {
        sandbox = Sandbox.start(SandboxOptions.defaults());
        certs = Files.createDirectories(sandbox.directory().resolve("certs"));
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=Ferry test CA");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "other.key", "-out", "other.pem", "-days", "2", "-subj", "/CN=Another CA");
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost");
        Files.writeString(certs.resolve("server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n"
                + "keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n");
        openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.pem",
                "-days", "2", "-extfile", "server.ext");
        sandbox.postgres().requireTls(certs.resolve("server.pem"), certs.resolve("server.key"));
        sandbox.mariadb().requireTls(certs.resolve("ca.pem"), certs.resolve("server.pem"), certs.resolve("server.key"));
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void bothServersRefuseConnectionsWithoutTls() {
        assertThatThrownBy(() -> plain("jdbc:postgresql://127.0.0.1:" + sandbox.postgres().port() + "/postgres?sslmode=disable", "postgres"))
                .isInstanceOf(SQLException.class).hasMessageContaining("no encryption");
        // MariaDB refuses the account over plain TCP (its message varies by version), and takes it over TLS.
        assertThatThrownBy(() -> plain("jdbc:mariadb://127.0.0.1:" + sandbox.mariadb().port() + "/", "root"))
                .isInstanceOf(SQLException.class);
        assertThatCode(() -> plain("jdbc:mariadb://127.0.0.1:" + sandbox.mariadb().port() + "/?sslMode=trust", "root"))
                .doesNotThrowAnyException();
    }

    @Test
    void captureApplyAndValidateWorkOverVerifiedTlsAndAWrongCaIsRefusedClearly() throws Exception {
        try (Connection c = sandbox.mariadb().connect(""); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + NAME);
            s.execute("CREATE DATABASE " + NAME);
            s.execute("CREATE TABLE " + NAME + ".items (id bigint PRIMARY KEY, name varchar(40))");
            s.execute("INSERT INTO " + NAME + ".items VALUES (1, 'a'), (2, 'b'), (3, 'c')");
        }
        sandbox.mariadb().createCaptureUser("ferry", PipelineFixture.PASSWORD);
        sandbox.postgres().createDatabase(NAME);
        try (Connection c = sandbox.postgres().connect(NAME); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS app");
            s.execute("CREATE TABLE IF NOT EXISTS app.items (id bigint PRIMARY KEY, name varchar(40))");
        }
        PipelineConfig config = pipeline(certs.resolve("ca.pem"));
        try (LocalPipeline pipeline = new LocalPipeline(config).start()) {
            await().atMost(Duration.ofSeconds(120)).until(() -> targetRows() == 3);
            try (Connection c = sandbox.mariadb().connect(NAME); Statement s = c.createStatement()) {
                s.execute("INSERT INTO items VALUES (4, 'd')");
                s.execute("UPDATE items SET name = 'B' WHERE id = 2");
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> targetRows() == 4);
            ValidationReport report = await().atMost(Duration.ofSeconds(60)).until(
                    () -> new PipelineValidation(config, ValidationOptions.DEFAULTS).run(RunRequest.DEFAULTS, p -> { }),
                    r -> !r.hasDifferences());
            assertThat(report.tables()).hasSize(1);
        }

        PipelineConfig wrongCa = pipeline(certs.resolve("other.pem"));
        assertThatThrownBy(() -> SourceTables.connect(wrongCa.source()).close())
                .as("the source with another CA").satisfies(TlsIT::namesTheCertificateProblem);
        assertThatThrownBy(() -> TargetConnections.open(wrongCa.target(), "tls-it").close())
                .as("the target with another CA").satisfies(TlsIT::namesTheCertificateProblem);
    }

    private static void namesTheCertificateProblem(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        assertThat(all.toString()).as("error chain").containsIgnoringCase("certif");
        assertThat(all.toString()).doesNotContain(PipelineFixture.PASSWORD);
    }

    private static PipelineConfig pipeline(Path ca) throws Exception {
        Path yaml = sandbox.directory().resolve(NAME + "-" + ca.getFileName() + ".yaml");
        Files.writeString(yaml, """
                name: %1$s
                source: {kind: mariadb, host: 127.0.0.1, port: %2$d, user: ferry, password: "${env:%5$s}", database: %1$s, serverId: 7411,
                         tls: {mode: verify-full, caFile: "%6$s"}}
                target: {kind: postgresql, host: 127.0.0.1, port: %3$d, database: %1$s, user: postgres, schema: app,
                         tls: {mode: verify-full, caFile: "%6$s"}}
                kafka: {bootstrapServers: "%4$s", topicPrefix: %1$s, partitions: 1}
                apply: {batchSize: 100, flushIntervalMs: 100}
                capture: {heartbeatIntervalMs: 500}
                """.formatted(NAME, sandbox.mariadb().port(), sandbox.postgres().port(), sandbox.kafka().bootstrapServers(),
                PipelineFixture.PASSWORD_ENV, ca));
        return ConfigLoader.parse(Files.readString(yaml), yaml.toString(),
                n -> n.equals(PipelineFixture.PASSWORD_ENV) ? PipelineFixture.PASSWORD : System.getenv(n), yaml.getParent());
    }

    private static long targetRows() {
        try (Connection c = sandbox.postgres().connect(NAME); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM app.items")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return -1;
        }
    }

    private static void plain(String url, String user) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", "");
        DriverManager.getConnection(url, p).close();
    }

    private static void openssl(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(certs.toFile()).redirectErrorStream(true)
                .redirectOutput(certs.resolve("openssl.log").toFile()).start();
        if (p.waitFor() != 0) {
            throw new AssertionError("openssl " + String.join(" ", args) + " failed: " + Files.readString(certs.resolve("openssl.log")));
        }
    }
}
