package io.ferry.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SandboxIT {

  private static Sandbox sandbox;

  @BeforeAll
  static void startSandbox() {
    sandbox = Sandbox.start(SandboxOptions.defaults());
  }

  @AfterAll
  static void closeSandbox() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  @Test
  void postgresRunsWithLogicalWalLevel() throws SQLException {
    assertThat(postgresSetting("wal_level")).isEqualTo("logical");
    assertThat(postgresSetting("max_replication_slots")).isEqualTo("10");
    assertThat(postgresSetting("max_wal_senders")).isEqualTo("10");
    assertThat(postgresSetting("fsync")).isEqualTo("on");
  }

  @Test
  void postgresRunsInTheJvmTimeZone() throws SQLException {
    String zone = ZoneId.systemDefault().getId();
    assertThat(postgresSetting("timezone")).isEqualTo(zone);
    // pgjdbc sends the JVM's zone with every connection, so SHOW alone cannot see the server default.
    try (Connection connection = sandbox.postgres().connect("postgres");
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(
            "SELECT setting FROM pg_file_settings WHERE name = 'timezone' AND applied")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo(zone);
    }
  }

  @Test
  void postgresListensOnLoopbackAsTrustedSuperuser() {
    assertThat(sandbox.postgres().host()).isEqualTo("127.0.0.1");
    assertThat(sandbox.postgres().superuser()).isEqualTo("postgres");
    assertThat(sandbox.postgres().jdbcUrl("app"))
        .isEqualTo("jdbc:postgresql://127.0.0.1:" + sandbox.postgres().port() + "/app");
  }

  @Test
  void createDatabaseIsIdempotent() throws SQLException {
    sandbox.postgres().createDatabase("twice");
    sandbox.postgres().createDatabase("twice");

    try (Connection connection = sandbox.postgres().connect("twice")) {
      assertThat(connection.isValid(5)).isTrue();
    }
  }

  @Test
  void mariadbWritesAFullRowBasedBinlog() throws SQLException {
    assertThat(mariadbVariable("log_bin")).isEqualTo("ON");
    assertThat(mariadbVariable("binlog_format")).isEqualTo("ROW");
    assertThat(mariadbVariable("binlog_row_image")).isEqualTo("FULL");
    assertThat(mariadbVariable("server_id")).isEqualTo("1");
  }

  @Test
  void mariadbRunsInTheJvmTimeZone() throws SQLException {
    assertThat(mariadbVariable("time_zone")).isEqualTo("SYSTEM");
    try (Connection connection = sandbox.mariadb().connect("");
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT TIMESTAMPDIFF(MINUTE, UTC_TIMESTAMP(), NOW())")) {
      rs.next();
      int expected = ZoneId.systemDefault().getRules().getOffset(Instant.now()).getTotalSeconds() / 60;
      assertThat(rs.getInt(1)).isEqualTo(expected);
    }
  }

  @Test
  void captureUserCanReadTheBinlogPosition() throws SQLException {
    sandbox.mariadb().createCaptureUser("ferry_capture", "s3cret'pw");
    sandbox.mariadb().createCaptureUser("ferry_capture", "s3cret'pw");

    try (Connection connection =
            DriverManager.getConnection(sandbox.mariadb().jdbcUrl(""), "ferry_capture", "s3cret'pw");
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SHOW MASTER STATUS")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString("File")).startsWith("binlog.");
    }
  }

  @Test
  void kafkaDeliversAProducedRecordToAConsumer() throws Exception {
    String bootstrap = sandbox.kafka().bootstrapServers();
    assertThat(bootstrap).startsWith("127.0.0.1:");
    String topic = "sandbox-it-" + UUID.randomUUID();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
    }

    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
      producer.send(new ProducerRecord<>(topic, "key", "hello ferry")).get();
    }

    assertThat(consumeOne(bootstrap, topic, Duration.ofSeconds(30)))
        .extracting(ConsumerRecord::key, ConsumerRecord::value)
        .containsExactly("key", "hello ferry");
  }

  @Test
  void postgresKeepsDataAcrossRestart() throws SQLException {
    PostgresServer postgres = sandbox.postgres();
    postgres.createDatabase("restart");
    try (Connection connection = postgres.connect("restart");
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE kept (id int PRIMARY KEY, note text)");
      statement.execute("INSERT INTO kept VALUES (1, 'before restart')");
    }
    long pidBefore = postgres.pid();

    postgres.restart();

    assertThat(postgres.pid()).isNotEqualTo(pidBefore);
    assertThat(isAlive(pidBefore)).isFalse();
    assertThat(postgresSetting("wal_level")).isEqualTo("logical");
    try (Connection connection = postgres.connect("restart");
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT note FROM kept WHERE id = 1")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("before restart");
    }
  }

  @Test
  void mariadbKeepsDataAcrossRestart() throws SQLException {
    MariaDbServer mariadb = sandbox.mariadb();
    try (Connection connection = mariadb.connect("");
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE restart_test");
      statement.execute("CREATE TABLE restart_test.kept (id INT PRIMARY KEY, note VARCHAR(40))");
      statement.execute("INSERT INTO restart_test.kept VALUES (1, 'before restart')");
    }
    int portBefore = mariadb.port();

    mariadb.restart();

    assertThat(mariadb.port()).isEqualTo(portBefore);
    assertThat(mariadbVariable("binlog_format")).isEqualTo("ROW");
    try (Connection connection = mariadb.connect("restart_test");
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT note FROM kept WHERE id = 1")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("before restart");
    }
  }

  @Test
  void closeStopsEveryServerAndRemovesTheDirectory() {
    Sandbox own = Sandbox.start(SandboxOptions.defaults());
    long postgresPid = own.postgres().pid();
    long mariadbPid = own.mariadb().pid();
    int kafkaPort = Integer.parseInt(own.kafka().bootstrapServers().split(":")[1]);
    assertThat(isAlive(postgresPid)).isTrue();
    assertThat(isAlive(mariadbPid)).isTrue();

    own.close();
    own.close();

    assertThat(Files.exists(own.directory())).isFalse();
    assertThat(isAlive(postgresPid)).isFalse();
    assertThat(isAlive(mariadbPid)).isFalse();
    assertThat(acceptsConnections(kafkaPort)).isFalse();
  }

  @Test
  void jvmExitStopsEveryServerOfAnUnclosedSandbox() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child =
        new ProcessBuilder(
                java.toString(), "-cp", System.getProperty("java.class.path"),
                "-Duser.timezone=" + ZoneId.systemDefault().getId(),
                UnclosedSandboxMain.class.getName())
            .redirectErrorStream(true)
            .start();
    Map<String, String> report = new HashMap<>();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      out.lines()
          .filter(line -> line.matches("[A-Z_]+=.*"))
          .forEach(line -> report.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1)));
    }
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child JVM exited").isTrue();

    assertThat(report).containsKeys("DIR", "POSTGRES_PID", "MARIADB_PID");
    assertThat(Files.exists(Path.of(report.get("DIR")))).isFalse();
    assertThat(isAlive(Long.parseLong(report.get("POSTGRES_PID")))).isFalse();
    assertThat(isAlive(Long.parseLong(report.get("MARIADB_PID")))).isFalse();
  }

  private static String postgresSetting(String name) throws SQLException {
    try (Connection connection = sandbox.postgres().connect("postgres");
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SHOW " + name)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static String mariadbVariable(String name) throws SQLException {
    try (Connection connection = sandbox.mariadb().connect("");
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SHOW GLOBAL VARIABLES LIKE '" + name + "'")) {
      assertThat(rs.next()).as("variable %s exists", name).isTrue();
      return rs.getString("Value");
    }
  }

  private static ConsumerRecord<String, String> consumeOne(String bootstrap, String topic, Duration timeout) {
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, "sandbox-it",
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
      consumer.subscribe(Set.of(topic));
      List<ConsumerRecord<String, String>> received = new ArrayList<>();
      long deadline = System.nanoTime() + timeout.toNanos();
      while (received.isEmpty() && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(500)).forEach(received::add);
      }
      assertThat(received).as("records consumed from %s within %s", topic, timeout).hasSize(1);
      return received.get(0);
    }
  }

  private static boolean isAlive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  private static boolean acceptsConnections(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
      return true;
    } catch (IOException refused) {
      return false;
    }
  }
}
