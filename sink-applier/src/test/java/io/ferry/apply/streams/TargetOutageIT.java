package io.ferry.apply.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.ferry.core.config.ConfigLoader;
import io.ferry.core.config.PipelineConfig;
import io.ferry.core.event.BinlogPosition;
import io.ferry.core.event.ChangeEvent;
import io.ferry.core.event.ChangeEventCodec;
import io.ferry.core.event.Op;
import io.ferry.core.schema.TableId;
import io.ferry.core.topic.TopicNames;
import io.ferry.sandbox.PostgresServer;
import io.ferry.sandbox.Sandbox;
import io.ferry.sandbox.SandboxOptions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The applier against a target that goes away: an outage longer than the old fixed retry budget (8 attempts,
 * about 33 s) is waited out while changes keep arriving, start-up waits for an unreachable target, and a
 * permanent error (an unknown role, a missing table) stops at once with a message that names it. The target is
 * a PostgreSQL of this class alone, since it is stopped; Kafka is the shared sandbox's.
 */
class TargetOutageIT {

    private static final TableId SOURCE_TABLE = TableId.of("shop", "items");
    private static final AtomicLong BINLOG_POS = new AtomicLong(4);

    private static Sandbox own;
    private final Sandbox shared = Sandbox.shared();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger applierLogger = (Logger) org.slf4j.LoggerFactory.getLogger(ApplierService.class);

    @BeforeAll
    static void startOwnPostgres() {
        own = Sandbox.start(SandboxOptions.defaults().withKafka(false).withMariadb(false));
    }

    @AfterAll
    static void stopOwnPostgres() {
        if (own != null) {
            own.close();
        }
    }

    @BeforeEach
    void captureLog() {
        log.start();
        applierLogger.addAppender(log);
    }

    @AfterEach
    void releaseLog() {
        applierLogger.detachAppender(log);
    }

    private PostgresServer target() {
        return own.postgres();
    }

    @Test
    void waitsOutATargetOutageLongerThanTheOldRetryBudgetWhileChangesArriveAndLosesNothing() throws Exception {
        Pipeline p = new Pipeline("outage", "postgres");
        ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
        AtomicLong written = new AtomicLong();
        try (ApplierService applier = new ApplierService(p.config).start()) {
            // A steady writer: each tick creates one row and updates the one before, so order matters too.
            writer.scheduleAtFixedRate(() -> p.tick(written.incrementAndGet()), 0, 25, TimeUnit.MILLISECONDS);
            await().atMost(Duration.ofSeconds(60)).until(() -> p.rowCount() >= 20);

            target().stopForOutage();
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> warned("failed, waiting for it to come back"));
                long duringOutage = written.get();
                // Longer than the old budget of 8 attempts in about 33 s; the applier must stay up the whole time.
                await().during(Duration.ofSeconds(45)).atMost(Duration.ofSeconds(60)).until(() -> applier.failure() == null);
                assertThat(written.get()).as("changes kept arriving during the outage").isGreaterThan(duringOutage);
            } finally {
                target().startAgain();
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> logged(Level.INFO, "recovered after"));
            long afterRecovery = written.get();
            await().atMost(Duration.ofSeconds(60)).until(() -> p.rowCount() > afterRecovery);
            writer.shutdown();
            assertThat(writer.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            await().atMost(Duration.ofSeconds(60)).until(p::appliedAll);
            assertThat(applier.failure()).isNull();
        } finally {
            writer.shutdownNow();
        }
        long n = written.get();
        assertThat(p.rowCount()).isEqualTo(n);
        assertThat(p.wrongQuantities(n)).as("rows whose quantity is not the last one written").isZero();
    }

    @Test
    void startUpWaitsForAnUnreachableTargetAndStartsWhenItIsBack() throws Exception {
        Pipeline p = new Pipeline("late", "postgres");
        p.tick(1);
        p.tick(2);
        target().stopForOutage();
        CompletableFuture<ApplierService> starting;
        try {
            starting = CompletableFuture.supplyAsync(() -> new ApplierService(p.config).start());
            await().atMost(Duration.ofSeconds(30)).until(() -> warned("preparing the ferry schema"));
            assertThat(starting).as("start-up still waiting").isNotDone();
        } finally {
            target().startAgain();
        }
        try (ApplierService applier = starting.get(60, TimeUnit.SECONDS)) {
            await().atMost(Duration.ofSeconds(60)).until(p::appliedAll);
            assertThat(applier.failure()).isNull();
        }
        assertThat(p.rowCount()).isEqualTo(2);
        assertThat(logged(Level.INFO, "recovered after")).isTrue();
    }

    @Test
    void anUnknownRoleStopsStartUpAtOnceWithTheReason() throws Exception {
        Pipeline p = new Pipeline("role", "no_such_role");
        long started = System.nanoTime();

        assertThatThrownBy(() -> new ApplierService(p.config).start())
                .hasMessageContaining("cannot prepare the ferry schema on target")
                .hasMessageContaining("SQLState 28000")
                .hasMessageContaining("no_such_role");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(warned("failed, waiting")).as("a permanent error is not waited out").isFalse();
    }

    @Test
    void aMissingTargetTableStopsTheApplierAtOnceNamingTheTable() throws Exception {
        Pipeline p = new Pipeline("missing", "postgres");
        p.sql("DROP TABLE app.items");
        p.tick(1);
        try (ApplierService applier = new ApplierService(p.config).start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> applier.failure() != null);
            assertThat(applier.failure().getMessage()).contains("app.items").contains("does not exist");
        }
        assertThat(warned("failed, waiting")).as("a permanent error is not waited out").isFalse();
    }

    private boolean warned(String text) {
        return logged(Level.WARN, text);
    }

    private boolean logged(Level level, String text) {
        return List.copyOf(log.list).stream().anyMatch(e -> e.getLevel() == level && e.getFormattedMessage().contains(text));
    }

    // ---- a pipeline of one table on the shared broker and this class's target ----

    private final class Pipeline {
        final String name;
        final String topic;
        final PipelineConfig config;
        private final KafkaProducer<byte[], byte[]> producer;

        Pipeline(String prefix, String user) throws Exception {
            name = prefix + "_" + UUID.randomUUID().toString().substring(0, 6);
            target().createDatabase(name);
            sql("CREATE SCHEMA app", "CREATE TABLE app.items (id bigint PRIMARY KEY, qty bigint, name text)");
            String yaml = """
                    name: %s
                    source: {kind: mariadb, host: 127.0.0.1, database: shop, user: unused}
                    target: {kind: postgresql, host: 127.0.0.1, port: %d, database: %s, user: %s, schema: app}
                    kafka: {bootstrapServers: "%s", topicPrefix: %s, partitions: 1}
                    apply: {batchSize: 50, flushIntervalMs: 50, onError: stop, retry: {initialBackoffMs: 200, maxBackoffMs: 2000}}
                    """.formatted(name.replace('_', '-'), target().port(), name, user, shared.kafka().bootstrapServers(), name);
            config = ConfigLoader.parse(yaml, name + ".yaml", System::getenv, null);
            topic = TopicNames.changeTopic(config.kafka().topicPrefix(), SOURCE_TABLE);
            try (Admin admin = admin()) {
                admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            Properties props = new Properties();
            props.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, shared.kafka().bootstrapServers());
            props.setProperty(ProducerConfig.ACKS_CONFIG, "all");
            producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        }

        /** Creates row {@code k} with quantity k and sets row k-1 to its final quantity, 10 x its id. */
        void tick(long k) {
            try {
                send(Op.CREATE, k, k);
                if (k > 1) {
                    send(Op.UPDATE, k - 1, (k - 1) * 10);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        private void send(Op op, long id, long qty) throws Exception {
            Map<String, String> row = new LinkedHashMap<>();
            row.put("id", Long.toString(id));
            row.put("qty", Long.toString(qty));
            row.put("name", "item " + id);
            ChangeEvent e = ChangeEvent.of(op, config.name(), SOURCE_TABLE, Map.of("id", Long.toString(id)), row, null,
                    new BinlogPosition("binlog.000001", BINLOG_POS.getAndAdd(100), 0, null), System.currentTimeMillis(), null, 1);
            producer.send(new ProducerRecord<>(topic, ChangeEventCodec.encodeKey(e.key()), ChangeEventCodec.encode(e))).get();
        }

        /** Rows of 1..n whose quantity is not what the writer wrote last (n itself keeps its created quantity). */
        long wrongQuantities(long n) throws SQLException {
            return Long.parseLong(scalar("SELECT count(*) FROM app.items WHERE qty <> CASE WHEN id = " + n
                    + " THEN id ELSE id * 10 END OR id < 1 OR id > " + n));
        }

        Admin admin() {
            Properties p = new Properties();
            p.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, shared.kafka().bootstrapServers());
            return Admin.create(p);
        }

        boolean appliedAll() throws Exception {
            long end;
            try (Admin admin = admin()) {
                TopicPartition tp = new TopicPartition(topic, 0);
                end = admin.listOffsets(Map.of(tp, OffsetSpec.latest())).all().get().get(tp).offset();
            }
            try {
                String applied = scalar("SELECT kafka_offset FROM ferry.applied_offsets WHERE topic = '" + topic + "'");
                return applied != null && Long.parseLong(applied) == end - 1;
            } catch (SQLException e) {
                return false;
            }
        }

        long rowCount() {
            try {
                return Long.parseLong(scalar("SELECT count(*) FROM app.items"));
            } catch (SQLException e) {
                return -1; // the target is down
            }
        }

        void sql(String... statements) throws SQLException {
            try (Connection c = target().connect(name); Statement s = c.createStatement()) {
                for (String q : statements) {
                    s.execute(q);
                }
            }
        }

        private String scalar(String q) throws SQLException {
            try (Connection c = target().connect(name); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(q)) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
