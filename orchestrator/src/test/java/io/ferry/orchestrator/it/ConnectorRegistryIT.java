package io.ferry.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ferry.capture.registry.CaptureRegistry;
import io.ferry.capture.registry.EngineState;
import io.ferry.capture.registry.PipelineStatus;
import io.ferry.capture.registry.RegistryEndpoint;
import io.ferry.core.metrics.ServiceEndpoint;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import io.ferry.apply.streams.ApplierService;
import io.ferry.core.config.ConfigLoader;
import io.ferry.core.config.ConfigProblem;
import io.ferry.core.config.Connectors;
import io.ferry.core.config.PipelineConfig;
import io.ferry.core.event.ChangeEvent;
import io.ferry.core.event.ChangeEventCodec;
import io.ferry.core.event.Op;
import io.ferry.core.schema.TableId;
import io.ferry.core.topic.TopicNames;
import io.ferry.sandbox.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/**
 * The capture registry ({@code ferry capture --pipelines --connectors}) against the sandbox MariaDB and Kafka:
 * pipeline files that name connectors are added (capture starts), changed (it restarts with the new table list),
 * broken (a clear error with file, line and key; the others run on and lose nothing, a running one on its last good
 * config) and removed (its engine stops), while the process runs on.
 */
class ConnectorRegistryIT {

    private static final Duration WAIT = Duration.ofSeconds(120);
    /** capture.shutdownTimeoutMs (30 s by default) and a margin for the JVM's exit. */
    private static final long STOP_BOUND_MS = 35_000;

    private final Sandbox sandbox = Sandbox.shared();

    @Test
    void startsRestartsAndStopsEnginesAsPipelineFilesComeChangeAndGoAndABrokenFileStopsNothing() throws Exception {
        try (Connection c = sandbox.mariadb().connect(""); Statement s = c.createStatement()) {
            for (String db : List.of("reg_shop", "reg_other")) {
                s.execute("DROP DATABASE IF EXISTS " + db);
                s.execute("CREATE DATABASE " + db);
            }
            s.execute("CREATE TABLE reg_shop.orders (id BIGINT PRIMARY KEY, note VARCHAR(20))");
            s.execute("CREATE TABLE reg_shop.notes (id BIGINT PRIMARY KEY, body VARCHAR(20))");
            s.execute("CREATE TABLE reg_other.items (id BIGINT PRIMARY KEY, label VARCHAR(20))");
            s.execute("INSERT INTO reg_shop.orders VALUES (1, 'o1'), (2, 'o2')");
            s.execute("INSERT INTO reg_shop.notes VALUES (1, 'n1'), (2, 'n2')");
            s.execute("INSERT INTO reg_other.items VALUES (1, 'i1')");
        }
        sandbox.mariadb().createCaptureUser("ferry", PipelineFixture.PASSWORD);
        sandbox.postgres().createDatabase("reg_target");
        try (Connection pg = sandbox.postgres().connect("reg_target"); Statement s = pg.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS reg_shop");
            // What `ferry schema --apply` makes; for a table that joins, it is run again (docs/operations.md).
            s.execute("CREATE TABLE IF NOT EXISTS reg_shop.orders (id bigint PRIMARY KEY, note varchar(20))");
            s.execute("CREATE TABLE IF NOT EXISTS reg_shop.notes (id bigint PRIMARY KEY, body varchar(20))");
        }
        Path dir = Files.createDirectories(sandbox.directory().resolve("registry-it-" + System.nanoTime()));
        Path connectors = Files.createDirectories(dir.resolve("connectors"));
        Path pipelines = Files.createDirectories(dir.resolve("pipelines"));
        Files.writeString(connectors.resolve("source-password"), PipelineFixture.PASSWORD + "\n");
        for (String db : List.of("reg_shop", "reg_other")) {
            Files.writeString(connectors.resolve(db.replace('_', '-') + ".yaml"), """
                    kind: mariadb
                    host: 127.0.0.1
                    port: %d
                    database: %s
                    user: ferry
                    password: ${file:source-password}
                    debezium: {snapshot.fetch.size: "500"}
                    """.formatted(sandbox.mariadb().port(), db));
        }
        Files.writeString(connectors.resolve("target-pg.yaml"), """
                kind: postgresql
                host: 127.0.0.1
                port: %d
                database: reg_target
                user: postgres
                """.formatted(sandbox.postgres().port()));

        String orders = TopicNames.changeTopic("reg_shop", TableId.of("reg_shop", "orders"));
        String notes = TopicNames.changeTopic("reg_shop", TableId.of("reg_shop", "notes"));
        String items = TopicNames.changeTopic("reg_other", TableId.of("reg_other", "items"));

        try (CaptureRegistry registry = new CaptureRegistry(pipelines, connectors, Duration.ofMillis(500), System::getenv).start()) {
            // Added: capture starts and the snapshot and live rows arrive.
            Files.writeString(pipelines.resolve("shop.yaml"), pipeline("reg_shop", "reg-shop", 7401, "[orders]"));
            Files.writeString(pipelines.resolve("other.yaml"), pipeline("reg_other", "reg-other", 7402, "[items]"));
            await().atMost(WAIT).until(() -> state(registry, "shop.yaml") == EngineState.RUNNING
                    && state(registry, "other.yaml") == EngineState.RUNNING);
            insert("reg_shop", "orders", 3, 3);
            insert("reg_other", "items", 2, 2);
            await().atMost(WAIT).until(() -> ids(orders).containsAll(Set.of(1L, 2L, 3L)) && ids(items).containsAll(Set.of(1L, 2L)));

            // Changed: the engine restarts with the new table list; the newly included table's rows arrive.
            long ordersTruncates = truncates(orders);
            Files.writeString(pipelines.resolve("shop.yaml"), pipeline("reg_shop", "reg-shop", 7401, "[orders, notes]"));
            await().atMost(WAIT).until(() -> state(registry, "shop.yaml") == EngineState.RUNNING
                    && status(registry, "shop.yaml").map(p -> p.problems().isEmpty()).orElse(false)
                    && restartedWithNotes(registry));
            insert("reg_shop", "notes", 3, 4);
            insert("reg_shop", "orders", 4, 4);
            // the rows it held before (a blocking snapshot of the joined table) and those written since
            await().atMost(WAIT).until(() -> ids(notes).containsAll(Set.of(1L, 2L, 3L, 4L)) && ids(orders).contains(4L));
            assertThat(truncates(orders)).as("the snapshot of the joined table must not empty the others").isEqualTo(ordersTruncates);
            // The applier of that pipeline file (its connectors resolved as every command resolves them) brings both tables.
            PipelineConfig shop = ConfigLoader.load(pipelines.resolve("shop.yaml"), Connectors.in(connectors, System::getenv));
            try (ApplierService applier = new ApplierService(shop).start()) {
                await().atMost(WAIT).until(() -> targetIds("notes").equals(Set.of(1L, 2L, 3L, 4L))
                        && targetIds("orders").equals(Set.of(1L, 2L, 3L, 4L)));
                assertThat(applier.failure()).isNull();
            }

            // A broken new file and a running pipeline's file broken: clear errors; nothing stops, nothing is lost.
            Files.writeString(pipelines.resolve("broken.yaml"), """
                    name: reg_broken
                    source: {connector: reg-shopp}
                    target: {connector: target-pg}
                    """);
            Files.writeString(pipelines.resolve("other.yaml"), pipeline("reg_other", "reg-other", 7402, "[items]")
                    .replace("tables:", "tabels:"));
            insert("reg_other", "items", 3, 10);
            await().atMost(WAIT).until(() -> !problems(registry, "broken.yaml").isEmpty() && !problems(registry, "other.yaml").isEmpty());
            ConfigProblem unknown = problems(registry, "broken.yaml").get(0);
            assertThat(unknown.file()).endsWith("broken.yaml");
            assertThat(unknown.line()).isEqualTo(2);
            assertThat(unknown.key()).isEqualTo("source.connector");
            assertThat(unknown.message()).contains("unknown connector 'reg-shopp'").contains("did you mean 'reg-shop'");
            assertThat(state(registry, "broken.yaml")).isNull();
            ConfigProblem typo = problems(registry, "other.yaml").get(0);
            assertThat(typo.format()).contains("other.yaml:").contains("tabels: unknown key; did you mean 'tables'?");
            assertThat(state(registry, "other.yaml")).as("runs on its last good config").isEqualTo(EngineState.RUNNING);
            insert("reg_other", "items", 11, 20);
            insert("reg_shop", "orders", 5, 6);
            Set<Long> allItems = LongStream.rangeClosed(1, 20).boxed().collect(Collectors.toSet());
            await().atMost(WAIT).until(() -> ids(items).containsAll(allItems) && ids(orders).containsAll(Set.of(5L, 6L)));

            try (ServiceEndpoint endpoint = RegistryEndpoint.serve(registry, "127.0.0.1", 0)) {
                FerryCli.Result list = FerryCli.run("connectors", "list", "-d", connectors.toString(),
                        "--capture", "http://127.0.0.1:" + endpoint.port());
                assertThat(list.exit()).as(list.out()).isZero();
                assertThat(list.out()).containsPattern("reg-shop .* shop\\.yaml\\(running\\) +valid")
                        .containsPattern("broken\\.yaml .* none +broken: .*broken\\.yaml:2:\\d+: source\\.connector: unknown connector 'reg-shopp'")
                        .containsPattern("other\\.yaml .* running +broken: .*other\\.yaml:\\d+:\\d+: tabels: unknown key");
                assertThat(list.out()).doesNotContain(PipelineFixture.PASSWORD);
                HttpClient http = HttpClient.newHttpClient();
                String base = "http://127.0.0.1:" + endpoint.port();
                assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/health/ready")).build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode()).isEqualTo(200);
                assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body())
                        .contains("ferry_capture_registry_pipelines{state=\"running\"} 2.0")
                        .contains("ferry_capture_registry_pipelines{state=\"broken\"} 1.0");
                assertThat(http.send(HttpRequest.newBuilder(URI.create(base + RegistryEndpoint.PATH)).build(),
                        HttpResponse.BodyHandlers.ofString()).body()).doesNotContain(PipelineFixture.PASSWORD);
            }

            // Removed: its engine stops, its writes produce no events; the other pipeline runs on.
            Files.delete(pipelines.resolve("shop.yaml"));
            await().atMost(WAIT).until(() -> status(registry, "shop.yaml").isEmpty());
            insert("reg_shop", "orders", 100, 100);
            insert("reg_other", "items", 100, 100);
            await().atMost(WAIT).until(() -> ids(items).contains(100L));
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(15)).until(() -> !ids(orders).contains(100L));
        }
    }

    @Test
    void theFolderModeRunsFromTheCommandLineAndStopsOnSigtermWithinItsBound() throws Exception {
        try (Connection c = sandbox.mariadb().connect(""); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS reg_child");
            s.execute("CREATE DATABASE reg_child");
            s.execute("CREATE TABLE reg_child.items (id BIGINT PRIMARY KEY, label VARCHAR(20))");
            s.execute("INSERT INTO reg_child.items VALUES (1, 'i1')");
        }
        sandbox.mariadb().createCaptureUser("ferry", PipelineFixture.PASSWORD);
        Path dir = Files.createDirectories(sandbox.directory().resolve("registry-child-" + System.nanoTime()));
        Path connectors = Files.createDirectories(dir.resolve("connectors"));
        Path pipelines = Files.createDirectories(dir.resolve("pipelines"));
        Files.writeString(connectors.resolve("reg-child.yaml"), """
                kind: mariadb
                host: 127.0.0.1
                port: %d
                database: reg_child
                user: ferry
                password: ${env:%s}
                """.formatted(sandbox.mariadb().port(), PipelineFixture.PASSWORD_ENV));
        Files.writeString(connectors.resolve("target-pg.yaml"), """
                kind: postgresql
                host: 127.0.0.1
                port: %d
                database: reg_target
                user: postgres
                """.formatted(sandbox.postgres().port()));
        Files.writeString(pipelines.resolve("child.yaml"), pipeline("reg_child", "reg-child", 7403, "[items]"));
        String items = TopicNames.changeTopic("reg_child", TableId.of("reg_child", "items"));
        String logback = ConnectorRegistryIT.class.getClassLoader().getResource("logback.xml").toString();

        ChildService capture = ChildService.start("io.ferry.orchestrator.cli.Ferry",
                List.of("capture", "--pipelines", pipelines.toString(), "--poll-ms", "500"),
                List.of("-Dlogback.configurationFile=" + logback),
                java.util.Map.of(PipelineFixture.PASSWORD_ENV, PipelineFixture.PASSWORD, "FERRY_LOG_LEVEL", "INFO"),
                dir.resolve("capture.log"));
        try {
            await().atMost(WAIT).until(() -> ids(items).contains(1L));
            insert("reg_child", "items", 2, 5);
            await().atMost(WAIT).until(() -> ids(items).containsAll(Set.of(2L, 3L, 4L, 5L)));
            capture.assertAlive();

            long started = System.nanoTime();
            capture.terminate(STOP_BOUND_MS / 1000);
            long tookMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
            assertThat(tookMs).as("SIGTERM to exit of %s", capture.log).isLessThan(STOP_BOUND_MS);
            String log = Files.readString(capture.log);
            assertThat(log).as("log %s", capture.log).contains("pipeline file child.yaml: starting capture of pipeline reg_child")
                    .contains("capture stopped in").doesNotContain(PipelineFixture.PASSWORD);
        } finally {
            capture.close();
        }
    }

    private String pipeline(String name, String connector, int serverId, String tables) {
        return """
                name: %s
                source: {connector: %s, serverId: %d}
                target: {connector: target-pg, schema: %s}
                kafka: {bootstrapServers: "%s", topicPrefix: %s, partitions: 1}
                tables:
                  include: %s
                capture: {snapshotMode: initial, heartbeatIntervalMs: 500}
                """.formatted(name, connector, serverId, name, sandbox.kafka().bootstrapServers(), name, tables);
    }

    private static boolean restartedWithNotes(CaptureRegistry registry) {
        return status(registry, "shop.yaml").map(p -> p.running() && p.tables().contains("notes")).orElse(false);
    }

    private static Optional<PipelineStatus> status(CaptureRegistry registry, String file) {
        return registry.status().stream().filter(p -> p.file().equals(file)).findFirst();
    }

    private static EngineState state(CaptureRegistry registry, String file) {
        return status(registry, file).map(PipelineStatus::state).orElse(null);
    }

    private static List<ConfigProblem> problems(CaptureRegistry registry, String file) {
        return status(registry, file).map(PipelineStatus::problems).orElse(List.of());
    }

    private void insert(String database, String table, int from, int to) throws Exception {
        try (Connection c = sandbox.mariadb().connect(database); Statement s = c.createStatement()) {
            for (int id = from; id <= to; id++) {
                s.execute("INSERT INTO " + table + " VALUES (" + id + ", 'v" + id + "')");
            }
        }
    }

    /** The ids of every row change in the topic, read from its beginning. */
    private Set<Long> ids(String topic) {
        Set<Long> ids = new TreeSet<>();
        events(topic).forEach(e -> {
            if (e.after() != null && e.after().get("id") != null) {
                ids.add(Long.parseLong(e.after().get("id")));
            }
        });
        return ids;
    }

    /** The ids of a table of schema reg_shop in the target; none while it does not exist. */
    private Set<Long> targetIds(String table) {
        Set<Long> ids = new TreeSet<>();
        try (Connection pg = sandbox.postgres().connect("reg_target"); Statement s = pg.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT id FROM reg_shop." + table)) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        } catch (java.sql.SQLException e) {
            return Set.of();
        }
        return ids;
    }

    /** How many truncate markers the topic holds (a snapshot starts with one per partition of each table it reads). */
    private long truncates(String topic) {
        return events(topic).stream().filter(e -> e.op() == Op.TRUNCATE).count();
    }

    /** Every event of the topic, from its beginning; none while the topic does not exist. */
    private List<ChangeEvent> events(String topic) {
        Properties p = new Properties();
        p.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, sandbox.kafka().bootstrapServers());
        List<ChangeEvent> events = new java.util.ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long end = c.endOffsets(List.of(tp)).get(tp);
            while (c.position(tp) < end) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    events.add(ChangeEventCodec.decode(r.value()));
                }
            }
        } catch (RuntimeException e) {
            return List.of(); // the topic is not there yet
        }
        return events;
    }
}
