package io.ferry.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ferry.capture.engine.MySqlEngine;
import io.ferry.capture.engine.SourceEngine;
import io.ferry.capture.engine.SourceEngines;
import io.ferry.core.config.ConfigLoader;
import io.ferry.core.config.PipelineConfig;
import io.ferry.core.config.SourceKind;
import io.ferry.core.event.BinlogFilePosition;
import io.ferry.core.event.LogPosition;
import io.ferry.core.event.MySqlGtidSet;
import io.ferry.orchestrator.cutover.ReadOnlyFreeze;
import io.ferry.orchestrator.pipeline.LocalPipeline;
import io.ferry.sandbox.Sandbox;
import io.ferry.sandbox.SandboxOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mysql.MySQLContainer;

/**
 * MySQL 8.4 as a source, through its {@link io.ferry.capture.engine.SourceEngine}: the watermark is
 * {@code @@GLOBAL.gtid_executed} as a GTID set and the binary log position comes from {@code SHOW BINARY LOG STATUS}
 * (8.4 has no SHOW MASTER STATUS), capture-and-apply catches up to that GTID set (the drain compares sets, not
 * MariaDB GTID strings), and the {@code read_only} freeze ({@code super_read_only}) stops even an account with SUPER.
 * MySQL and Kafka run in containers, the target in the sandbox's PostgreSQL. Runs where Docker is; elsewhere every
 * test is reported as skipped with the reason {@value #NO_DOCKER}.
 */
class MySqlSourceIT {

    static final String NO_DOCKER = "Docker is not available on this machine: the MySQL 8.4 and Kafka containers of this test "
            + "cannot run (SourceEngineTest and LogPositionTest cover MySQL's positions, watermark and freeze without Docker)";
    private static final String ROOT_PASSWORD = "app-secret";

    private static MySQLContainer mysql;
    private static KafkaContainer kafka;
    private static Sandbox sandbox;
    private static final SourceEngine ENGINE = SourceEngines.of(SourceKind.MYSQL);

    private static boolean docker;

    @BeforeAll
    static void start() {
        docker = DockerClientFactory.instance().isDockerAvailable();
        if (!docker) {
            return; // each test reports itself skipped, with the reason
        }
        mysql = new MySQLContainer("mysql:8.4")
                .withDatabaseName("shop").withUsername("app").withPassword(ROOT_PASSWORD)
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

    private static Connection root() throws SQLException {
        return DriverManager.getConnection(mysql.getJdbcUrl(), "root", ROOT_PASSWORD);
    }

    @Test
    void theWatermarkIsTheExecutedGtidSetAndTheBinaryLogStatusIsRead() throws Exception {
        assumeTrue(docker, NO_DOCKER);
        try (Connection c = root(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS shop.marks (id BIGINT PRIMARY KEY)");
            s.execute("INSERT INTO shop.marks VALUES (1)");
            LogPosition before = ENGINE.currentPosition(c);
            assertThat(before).isInstanceOf(MySqlGtidSet.class);
            String uuid;
            try (ResultSet rs = s.executeQuery("SELECT @@server_uuid")) {
                rs.next();
                uuid = rs.getString(1);
            }
            assertThat(((MySqlGtidSet) before).sources()).contains(uuid);
            s.execute("INSERT INTO shop.marks VALUES (2)");
            LogPosition after = ENGINE.currentPosition(c);
            assertThat(after.covers(before)).isTrue();
            assertThat(before.covers(after)).isFalse();
            assertThat(ENGINE.parsePosition(after.text())).isEqualTo(after);

            BinlogFilePosition binlog = ((MySqlEngine) ENGINE).binaryLogStatus(c);
            assertThat(binlog.base()).isEqualTo("mysql-bin");
            assertThat(binlog.offset()).isPositive();
        }
    }

    @Test
    void theReadOnlyFreezeStopsEvenAnAccountWithSuperAndUnfreezes() throws Exception {
        assumeTrue(docker, NO_DOCKER);
        try (Connection c = root(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS shop.frozen (id BIGINT PRIMARY KEY)");
        }
        ReadOnlyFreeze freeze = new ReadOnlyFreeze(MySqlSourceIT::root, ENGINE.readOnlyFreeze("shop", null));
        try {
            freeze.freeze(null);
            freeze.freeze(null); // idempotent
            try (Connection c = root(); Statement s = c.createStatement()) {
                assertThatThrownBy(() -> s.execute("INSERT INTO shop.frozen VALUES (1)")).isInstanceOf(SQLException.class)
                        .hasMessageContaining("super-read-only");
            }
        } finally {
            freeze.unfreeze(null);
            freeze.unfreeze(null); // idempotent
        }
        try (Connection c = root(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO shop.frozen VALUES (1)");
            try (ResultSet rs = s.executeQuery("SELECT @@GLOBAL.read_only, @@GLOBAL.super_read_only")) {
                rs.next();
                assertThat(rs.getInt(1)).isZero();
                assertThat(rs.getInt(2)).isZero();
            }
        }
    }

    @Test
    void captureAndApplyCatchUpToTheSourcesGtidSet() throws Exception {
        assumeTrue(docker, NO_DOCKER);
        try (Connection c = root(); Statement s = c.createStatement()) {
            s.execute("CREATE USER IF NOT EXISTS 'ferry'@'%' IDENTIFIED BY '" + PipelineFixture.PASSWORD + "'");
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
                name: mysql-shop
                source: {kind: mysql, host: %s, port: %d, user: ferry, password: "${env:%s}", database: shop}
                target: {kind: postgresql, host: 127.0.0.1, port: %d, database: shop, user: postgres, schema: shop}
                kafka: {bootstrapServers: "%s", partitions: 3}
                tables: {include: [orders]}
                apply: {batchSize: 100, flushIntervalMs: 100}
                """.formatted(mysql.getHost(), mysql.getMappedPort(3306), PipelineFixture.PASSWORD_ENV, sandbox.postgres().port(),
                kafka.getBootstrapServers());
        PipelineConfig config = ConfigLoader.parse(yaml, "mysql-shop.yaml",
                n -> n.equals(PipelineFixture.PASSWORD_ENV) ? PipelineFixture.PASSWORD : null, null);
        try (LocalPipeline pipeline = new LocalPipeline(config).start()) {
            await().atMost(Duration.ofSeconds(120)).until(() -> rows("SELECT count(*) FROM shop.orders") == 2);
            try (Connection c = root(); Statement s = c.createStatement()) {
                for (int i = 3; i <= 50; i++) {
                    s.execute("INSERT INTO shop.orders VALUES (" + i + ", 'new')");
                }
                s.execute("UPDATE shop.orders SET status = 'shipped' WHERE id = 1");
                s.execute("DELETE FROM shop.orders WHERE id = 2");
            }
            // Waits for capture to cover the source's gtid_executed (set containment), then for every partition applied.
            pipeline.awaitCaughtUp(Duration.ofSeconds(60));
            assertThat(rows("SELECT count(*) FROM shop.orders")).isEqualTo(49);
            assertThat(rows("SELECT count(*) FROM shop.orders WHERE id = 1 AND status = 'shipped'")).isEqualTo(1);
            Map<String, ?> offset = pipeline.capture().stats().lastAckedOffset();
            assertThat(ENGINE.capturedPosition(offset)).get().isInstanceOf(MySqlGtidSet.class);
        }
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
