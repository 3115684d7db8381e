package io.ferry.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ferry.core.config.ConfigLoader;
import io.ferry.core.config.PipelineConfig;
import io.ferry.orchestrator.pipeline.LocalPipeline;
import io.ferry.sandbox.Sandbox;
import io.ferry.sandbox.SandboxOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mysql.MySQLContainer;

/**
 * The capture-and-apply path against the images of docker/compose.yaml: MySQL 8.4 with the binlog settings of the
 * compose file and Kafka in KRaft mode, in containers (the target is the sandbox's PostgreSQL). Runs where Docker
 * is; elsewhere it is reported as skipped, saying why (DockerFilesTest checks the files without Docker).
 */
class DockerPipelineIT {

    private static MySQLContainer mysql;
    private static KafkaContainer kafka;
    private static Sandbox sandbox;

    private static final String NO_DOCKER =
            "Docker is not available on this machine: the MySQL 8.4 and Kafka containers of this test cannot run";
    private static boolean docker;

    @BeforeAll
    static void start() {
        docker = DockerClientFactory.instance().isDockerAvailable();
        if (!docker) {
            return; // the test reports itself skipped, with the reason
        }
        mysql = new MySQLContainer("mysql:8.4")
                .withDatabaseName("shop").withUsername("app").withPassword("app-secret")
                .withCommand("--server-id=1", "--log-bin=mysql-bin", "--binlog-format=ROW", "--binlog-row-image=FULL",
                        "--gtid-mode=ON", "--enforce-gtid-consistency=ON");
        kafka = new KafkaContainer("apache/kafka:4.1.0");
        mysql.start();
        kafka.start();
        sandbox = Sandbox.start(SandboxOptions.defaults().withKafka(false).withMariadb(false));
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
        if (kafka != null) {
            kafka.stop();
        }
        if (mysql != null) {
            mysql.stop();
        }
    }

    @Test
    void mysql84ThroughKafkaInKraftModeReachesPostgres() throws Exception {
        assumeTrue(docker, NO_DOCKER);
        try (Connection c = DriverManager.getConnection(mysql.getJdbcUrl(), "root", "app-secret"); Statement s = c.createStatement()) {
            s.execute("CREATE USER 'ferry'@'%' IDENTIFIED BY '" + PipelineFixture.PASSWORD + "'");
            s.execute("GRANT SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT, LOCK TABLES ON *.* TO 'ferry'@'%'");
            s.execute("CREATE TABLE shop.orders (id BIGINT PRIMARY KEY, status VARCHAR(20) NOT NULL)");
            s.execute("INSERT INTO shop.orders VALUES (1, 'new'), (2, 'paid')");
        }
        sandbox.postgres().createDatabase("shop");
        try (Connection c = sandbox.postgres().connect("shop"); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS shop");
            s.execute("CREATE TABLE IF NOT EXISTS shop.orders (id bigint PRIMARY KEY, status varchar(20) NOT NULL)");
        }
        String yaml = """
                name: docker-shop
                source: {kind: mysql, host: %s, port: %d, user: ferry, password: "${env:%s}", database: shop}
                target: {kind: postgresql, host: 127.0.0.1, port: %d, database: shop, user: postgres, schema: shop}
                kafka: {bootstrapServers: "%s", partitions: 3}
                apply: {batchSize: 100, flushIntervalMs: 100}
                """.formatted(mysql.getHost(), mysql.getMappedPort(3306), PipelineFixture.PASSWORD_ENV, sandbox.postgres().port(),
                kafka.getBootstrapServers());
        PipelineConfig config = ConfigLoader.parse(yaml, "docker-shop.yaml",
                n -> n.equals(PipelineFixture.PASSWORD_ENV) ? PipelineFixture.PASSWORD : null, null);
        try (LocalPipeline pipeline = new LocalPipeline(config).start()) {
            await().atMost(Duration.ofSeconds(120)).until(() -> rows("SELECT count(*) FROM shop.orders") == 2);
            try (Connection c = DriverManager.getConnection(mysql.getJdbcUrl(), "root", "app-secret"); Statement s = c.createStatement()) {
                s.execute("INSERT INTO shop.orders VALUES (3, 'new')");
                s.execute("UPDATE shop.orders SET status = 'shipped' WHERE id = 1");
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> rows("SELECT count(*) FROM shop.orders WHERE id = 3 OR status = 'shipped'") == 2);
        }
        assertThat(rows("SELECT count(*) FROM shop.orders")).isEqualTo(3);
    }

    private static long rows(String sql) {
        try (Connection c = sandbox.postgres().connect("shop"); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return -1;
        }
    }
}
