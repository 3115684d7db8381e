package io.ferry.apply.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.core.config.ConfigLoader;
import io.ferry.core.config.PipelineConfig;
import io.ferry.core.event.BinlogPosition;
import io.ferry.core.event.ChangeEvent;
import io.ferry.core.event.ChangeEventCodec;
import io.ferry.core.event.Op;
import io.ferry.core.schema.TableId;
import io.ferry.core.topic.TopicNames;
import io.ferry.sandbox.Sandbox;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * The applier against a real Kafka broker and a real PostgreSQL: change events are produced
 * straight to a change topic (capture is tested elsewhere), and the target's rows, the recorded
 * offsets and the dead-letter topic are checked.
 */
class ApplierIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger BINLOG_POS = new AtomicInteger(4);

    private final Sandbox sandbox = Sandbox.shared();

    @Test
    void poisonRecordsGoToTheDeadLetterTopicWithTheirReasonWhileTheRestIsApplied() throws Exception {
        Pipeline p = new Pipeline("apply_dlq", "dlq");
        for (int id = 1; id <= 10; id++) {
            p.send(create(id, id == 5 ? "not-a-number" : Integer.toString(id * 10), "item " + id));
        }
        p.sendRaw("{\"id\":\"11\"}", "this is not a change event");
        p.send(create(12, "120", "item 12"));

        try (ApplierService applier = new ApplierService(p.config).start()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> p.appliedAll());
            assertThat(applier.failure()).isNull();
            assertThat(applier.stats().deadLetters()).isEqualTo(2);
        }
        assertThat(p.ids()).containsExactly(1L, 2L, 3L, 4L, 6L, 7L, 8L, 9L, 10L, 12L);

        List<JsonNode> dead = p.deadLetters(2);
        JsonNode poison = dead.stream().filter(d -> "shop.items".equals(d.path("table").asText())).findFirst().orElseThrow();
        assertThat(poison.path("topic").asText()).isEqualTo(p.topic);
        assertThat(poison.path("offset").asLong()).isEqualTo(4);
        assertThat(poison.path("reason").asText()).contains("app.items").contains("22P02").contains("not-a-number");
        assertThat(ChangeEventCodec.decode(poison.path("value").asText().getBytes(StandardCharsets.UTF_8)).after()).containsEntry("qty", "not-a-number");
        JsonNode garbage = dead.stream().filter(d -> d.path("offset").asLong() == 10).findFirst().orElseThrow();
        assertThat(garbage.path("reason").asText()).contains("not a Ferry change event");
        assertThat(garbage.path("value").asText()).isEqualTo("this is not a change event");
    }

    @Test
    void stopPolicyStopsWithAClearErrorAndLosesNothing() throws Exception {
        Pipeline p = new Pipeline("apply_stop", "stop");
        for (int id = 1; id <= 6; id++) {
            p.send(create(id, id == 4 ? "4.5" : Integer.toString(id), "item " + id));
        }
        try (ApplierService applier = new ApplierService(p.config).start()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> applier.failure() != null);
            assertThat(applier.failure().getMessage())
                    .contains("on-error: stop").contains(p.topic).contains("@3").contains("app.items").contains("22P02");
        }
        // Records before the poison one may have been committed by an earlier batch (where batches
        // end is Kafka's choice); what the stop policy guarantees is that nothing at or after the
        // poison record is committed, and that what was committed before it was applied once.
        List<Long> committed = p.ids();
        assertThat(committed).as("rows committed before the stop").isSubsetOf(1L, 2L, 3L);
        List<Long> prefix = new ArrayList<>();
        for (long id = 1; id <= committed.size(); id++) {
            prefix.add(id);
        }
        assertThat(committed).as("only a prefix of the records before the poison one").isEqualTo(prefix);
        assertThat(p.rowWrites()).as("each committed record written once").isEqualTo(committed.size());
        assertThat(p.appliedOffset()).as("recorded offset is the last committed record's")
                .isEqualTo(committed.isEmpty() ? null : (long) committed.size() - 1);

        // The operator fixes the target; the next run applies every record, the former poison included.
        p.sql("ALTER TABLE app.items ALTER COLUMN qty TYPE numeric(10,1)");
        try (ApplierService applier = new ApplierService(p.config).start()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> p.appliedAll());
            assertThat(applier.failure()).isNull();
        }
        assertThat(p.ids()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(p.qty(4)).isEqualTo("4.5");
    }

    @Test
    void replayFromOffsetZeroHasNoEffectAndNoRowGoesBack() throws Exception {
        Pipeline p = new Pipeline("apply_replay", "dlq");
        p.send(create(1, "1", "v1"));
        p.send(update(1, "2", "v2"));
        p.send(update(1, "3", "v3"));
        p.send(create(2, "20", "b"));
        p.send(delete(2));
        try (ApplierService applier = new ApplierService(p.config).start()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> p.appliedAll());
        }
        long writes = p.rowWrites();
        assertThat(p.ids()).containsExactly(1L);
        assertThat(p.name(1)).isEqualTo("v3");

        p.setCommittedOffsetsTo(0);
        try (ApplierService applier = new ApplierService(p.config).start()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> p.groupCommittedAtEnd());
            assertThat(applier.failure()).isNull();
        }
        assertThat(p.rowWrites()).as("row writes after replaying every record again").isEqualTo(writes);
        assertThat(p.name(1)).isEqualTo("v3");
        assertThat(p.ids()).containsExactly(1L);
    }

    @Test
    void recordsThatStreamsCommittedButTheTargetNeverGotAreReadBackAndApplied() throws Exception {
        Pipeline p = new Pipeline("apply_gap", "dlq");
        p.send(create(1, "1", "a"));
        try (ApplierService applier = new ApplierService(p.config).start()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> p.appliedAll());
        }
        // While the applier is down, changes arrive and the group's offsets move past them, as when
        // Streams commits before a crash that loses the buffered batch.
        p.send(update(1, "2", "b"));
        p.send(create(2, "5", "c"));
        p.send(create(3, "6", "d"));
        p.setCommittedOffsetsToEnd();
        try (ApplierService applier = new ApplierService(p.config).start()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> p.appliedAll());
            assertThat(applier.failure()).isNull();
        }
        assertThat(p.ids()).containsExactly(1L, 2L, 3L);
        assertThat(p.name(1)).isEqualTo("b");
    }

    // ---- events ----

    private static final TableId SOURCE_TABLE = TableId.of("shop", "items");

    private static Map<String, String> row(long id, String qty, String name) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("id", Long.toString(id));
        m.put("qty", qty);
        m.put("name", name);
        return m;
    }

    private static ChangeEvent create(long id, String qty, String name) {
        return ChangeEvent.of(Op.CREATE, "it", SOURCE_TABLE, Map.of("id", Long.toString(id)), row(id, qty, name), null,
                new BinlogPosition("binlog.000001", BINLOG_POS.getAndAdd(100), 0, null), System.currentTimeMillis(), null, 1);
    }

    private static ChangeEvent update(long id, String qty, String name) {
        return ChangeEvent.of(Op.UPDATE, "it", SOURCE_TABLE, Map.of("id", Long.toString(id)), row(id, qty, name), null,
                new BinlogPosition("binlog.000001", BINLOG_POS.getAndAdd(100), 0, null), System.currentTimeMillis(), null, 1);
    }

    private static ChangeEvent delete(long id) {
        return ChangeEvent.of(Op.DELETE, "it", SOURCE_TABLE, Map.of("id", Long.toString(id)), null, null,
                new BinlogPosition("binlog.000001", BINLOG_POS.getAndAdd(100), 0, null), System.currentTimeMillis(), null, 1);
    }

    /** One applier pipeline with its own target database, topic prefix and group, on one partition. */
    private final class Pipeline {
        final String name;
        final String topic;
        final PipelineConfig config;
        private final KafkaProducer<byte[], byte[]> producer;

        Pipeline(String name, String onError) throws Exception {
            this.name = name + "_" + UUID.randomUUID().toString().substring(0, 6);
            sandbox.postgres().createDatabase(this.name);
            sql("CREATE SCHEMA app",
                "CREATE TABLE app.items (id bigint PRIMARY KEY, qty integer, name text)",
                "CREATE TABLE app.item_writes (n bigint NOT NULL)",
                "INSERT INTO app.item_writes VALUES (0)",
                "CREATE FUNCTION app.count_write() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE app.item_writes SET n = n + 1; RETURN NULL; END $$",
                "CREATE TRIGGER count_writes AFTER INSERT OR UPDATE OR DELETE ON app.items FOR EACH ROW EXECUTE FUNCTION app.count_write()");
            String yaml = """
                    name: %s
                    source: {kind: mariadb, host: 127.0.0.1, database: shop, user: unused}
                    target: {kind: postgresql, host: 127.0.0.1, port: %d, database: %s, user: postgres, schema: app}
                    kafka: {bootstrapServers: "%s", topicPrefix: %s, partitions: 1}
                    apply: {batchSize: 100, flushIntervalMs: 100, onError: %s}
                    """.formatted(this.name.replace('_', '-'), sandbox.postgres().port(), this.name, sandbox.kafka().bootstrapServers(),
                    this.name, onError);
            config = ConfigLoader.parse(yaml, name + ".yaml", System::getenv, null);
            topic = TopicNames.changeTopic(config.kafka().topicPrefix(), SOURCE_TABLE);
            try (Admin admin = admin()) {
                admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1), new NewTopic(TopicNames.DLQ, 1, (short) 1)))
                        .values().forEach((t, f) -> {
                            try {
                                f.get();
                            } catch (Exception e) {
                                if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                                    throw new IllegalStateException(e);
                                }
                            }
                        });
            }
            Properties props = new Properties();
            props.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, sandbox.kafka().bootstrapServers());
            props.setProperty(ProducerConfig.ACKS_CONFIG, "all");
            producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        }

        /** Sends a change as this pipeline's capture would: stamped with the pipeline's name, whose changes alone it applies. */
        void send(ChangeEvent e) throws Exception {
            ChangeEvent own = new ChangeEvent(e.formatVersion(), e.op(), config.name(), e.table(), e.key(), e.after(), e.before(), e.position(),
                    e.commitTimeMillis(), e.transactionId(), e.catalogVersion(), e.schemaChange());
            producer.send(new ProducerRecord<>(topic, ChangeEventCodec.encodeKey(own.key()), ChangeEventCodec.encode(own))).get();
        }

        void sendRaw(String key, String value) throws Exception {
            producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8))).get();
        }

        Admin admin() {
            Properties p = new Properties();
            p.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, sandbox.kafka().bootstrapServers());
            return Admin.create(p);
        }

        long endOffset() throws Exception {
            try (Admin admin = admin()) {
                TopicPartition tp = new TopicPartition(topic, 0);
                return admin.listOffsets(Map.of(tp, OffsetSpec.latest())).all().get().get(tp).offset();
            }
        }

        /** Whether the target's recorded offset covers every record of the topic. */
        boolean appliedAll() throws Exception {
            long end = endOffset();
            try (Connection c = sandbox.postgres().connect(name); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT kafka_offset FROM ferry.applied_offsets WHERE topic = '" + topic + "'")) {
                return rs.next() && rs.getLong(1) == end - 1;
            } catch (SQLException e) {
                return false;
            }
        }

        boolean groupCommittedAtEnd() throws Exception {
            try (Admin admin = admin()) {
                Map<TopicPartition, OffsetAndMetadata> m = admin.listConsumerGroupOffsets(ApplierService.applicationId(config))
                        .partitionsToOffsetAndMetadata().get();
                OffsetAndMetadata o = m.get(new TopicPartition(topic, 0));
                return o != null && o.offset() == endOffset();
            }
        }

        void setCommittedOffsetsTo(long offset) throws Exception {
            try (Admin admin = admin()) {
                admin.alterConsumerGroupOffsets(ApplierService.applicationId(config),
                        Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(offset))).all().get();
            }
        }

        void setCommittedOffsetsToEnd() throws Exception {
            setCommittedOffsetsTo(endOffset());
        }

        List<JsonNode> deadLetters(int expected) throws Exception {
            Properties props = new Properties();
            props.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, sandbox.kafka().bootstrapServers());
            List<JsonNode> out = new ArrayList<>();
            try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                TopicPartition tp = new TopicPartition(TopicNames.DLQ, 0);
                c.assign(List.of(tp));
                c.seekToBeginning(List.of(tp));
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (System.nanoTime() < deadline && out.size() < expected) {
                    for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                        JsonNode n = JSON.readTree(r.value());
                        if (topic.equals(n.path("topic").asText())) {
                            out.add(n);
                        }
                    }
                }
            }
            assertThat(out).hasSize(expected);
            return out;
        }

        void sql(String... statements) throws SQLException {
            try (Connection c = sandbox.postgres().connect(name); Statement s = c.createStatement()) {
                for (String q : statements) {
                    s.execute(q);
                }
            }
        }

        List<Long> ids() throws SQLException {
            List<Long> ids = new ArrayList<>();
            try (Connection c = sandbox.postgres().connect(name); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT id FROM app.items ORDER BY id")) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            return ids;
        }

        String name(long id) throws SQLException {
            return scalar("SELECT name FROM app.items WHERE id = " + id);
        }

        String qty(long id) throws SQLException {
            return scalar("SELECT qty::text FROM app.items WHERE id = " + id);
        }

        Long appliedOffset() throws SQLException {
            String v = scalar("SELECT kafka_offset FROM ferry.applied_offsets WHERE topic = '" + topic + "'");
            return v == null ? null : Long.valueOf(v);
        }

        long rowWrites() throws SQLException {
            return Long.parseLong(scalar("SELECT n FROM app.item_writes"));
        }

        private String scalar(String q) throws SQLException {
            try (Connection c = sandbox.postgres().connect(name); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(q)) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
