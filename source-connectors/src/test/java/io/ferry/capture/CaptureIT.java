package io.ferry.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ferry.core.config.ConfigLoader;
import io.ferry.core.config.PipelineConfig;
import io.ferry.core.event.BinlogPosition;
import io.ferry.core.event.ChangeEvent;
import io.ferry.core.event.ChangeEventCodec;
import io.ferry.core.event.Op;
import io.ferry.core.schema.TableId;
import io.ferry.core.topic.TopicNames;
import io.ferry.sandbox.Sandbox;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/** Capture against a real MariaDB and Kafka: what lands in the change topic, and a restart that resumes. */
class CaptureIT {

    private final Sandbox sandbox = Sandbox.shared();

    @Test
    void snapshotThenBinlogChangesLandAsCanonicalEventsAndARestartResumesWithoutANewSnapshot() throws Exception {
        String db = "capture_it";
        try (Connection c = sandbox.mariadb().connect(""); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + db);
            s.execute("CREATE TABLE " + db + ".items (id BIGINT UNSIGNED PRIMARY KEY, price DECIMAL(10,2), active TINYINT(1),"
                    + " at DATETIME(6), seen TIMESTAMP(3) NULL, doc JSON, label ENUM('a b','c'))");
            s.execute("INSERT INTO " + db + ".items VALUES (1, 1.50, 1, '2024-03-10 02:30:00.000001', '2024-11-03 01:30:00.5',"
                    + " '{\"b\": 1, \"a\": [1.0]}', 'a b'), (18446744073709551615, NULL, 0, '1000-01-01 00:00:00', NULL, NULL, 'c')");
        }
        sandbox.mariadb().createCaptureUser("ferry", "capture-it-pw");
        PipelineConfig config = ConfigLoader.parse("""
                name: capture-it
                source: {kind: mariadb, host: 127.0.0.1, port: %d, user: ferry, password: capture-it-pw, database: %s, serverId: 7001}
                target: {kind: postgresql, host: 127.0.0.1, database: unused, user: unused}
                kafka: {bootstrapServers: "%s", topicPrefix: capit, partitions: 2}
                capture: {heartbeatIntervalMs: 200, snapshotMode: initial}
                """.formatted(sandbox.mariadb().port(), db, sandbox.kafka().bootstrapServers()), "capture-it.yaml", System::getenv, null);
        String topic = TopicNames.changeTopic("capit", TableId.of(db, "items"));

        try (CaptureService capture = new CaptureService(config).start()) {
            await().atMost(Duration.ofSeconds(90)).until(() -> capture.stats().snapshotRows().getOrDefault(TableId.of(db, "items"), 0L) == 2);
            try (Connection c = sandbox.mariadb().connect(db); Statement s = c.createStatement()) {
                s.execute("INSERT INTO items (id, price, active, at) VALUES (10, 2, 1, NOW(6)), (11, 3, 0, NOW(6)), (12, 4, 1, NOW(6))");
                s.execute("UPDATE items SET price = price + 1 WHERE id IN (10, 11)");
                s.execute("UPDATE items SET id = 20 WHERE id = 12");
                s.execute("DELETE FROM items WHERE id = 11");
                s.execute("BEGIN");
                s.execute("INSERT INTO items (id, price, active, at) VALUES (40, 1, 1, NOW(6))");
                s.execute("UPDATE items SET price = 2 WHERE id = 40");
                s.execute("COMMIT");
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> capture.stats().streamedEvents() >= 10);
        }
        List<ChangeEvent> events = read(topic);
        List<ChangeEvent> reads = events.stream().filter(e -> e.op() == Op.READ).toList();
        assertThat(reads).hasSize(2);
        ChangeEvent first = reads.stream().filter(e -> e.key().get("id").equals("1")).findFirst().orElseThrow();
        assertThat(first.after()).containsEntry("price", "1.5").containsEntry("active", "true")
                .containsEntry("at", "2024-03-10 02:30:00.000001").containsEntry("doc", "{\"b\": 1, \"a\": [1.0]}")
                .containsEntry("label", "a b");
        // 01:30:00.5 on 2024-11-03 is ambiguous in the server's zone; whichever instant it stored must arrive
        assertThat(first.after().get("seen")).isEqualTo(sourceInstantOf(db, "seen", 1));
        assertThat(reads).anySatisfy(e -> assertThat(e.key()).containsEntry("id", "18446744073709551615"));
        assertThat(events.stream().filter(e -> e.op() == Op.TRUNCATE)).as("a marker per partition ahead of the snapshot").hasSize(2);

        List<ChangeEvent> inserts = events.stream().filter(e -> e.op() == Op.CREATE).toList();
        assertThat(inserts).extracting(e -> e.key().get("id")).contains("10", "11", "12", "20");
        List<BinlogPosition> multiRow = inserts.stream().filter(e -> List.of("10", "11", "12").contains(e.key().get("id")))
                .map(e -> (BinlogPosition) e.position()).toList();
        assertThat(multiRow).extracting(BinlogPosition::pos).as("one multi-row INSERT, one binlog event").containsOnly(multiRow.get(0).pos());
        assertThat(multiRow).extracting(BinlogPosition::row).as("distinct rows within the event").doesNotHaveDuplicates();
        assertThat(events).filteredOn(e -> e.op() == Op.UPDATE && e.key().get("id").equals("10"))
                .singleElement().satisfies(e -> {
                    assertThat(e.before()).as("only the key and the after image travel").isNull();
                    assertThat(e.after()).containsEntry("price", "3");
                });
        assertThat(events).filteredOn(e -> e.op() == Op.DELETE).extracting(e -> e.key().get("id")).contains("12", "11");
        // The applier tells capture replays by position, so two statements of one transaction must not share one.
        ChangeEvent insert40 = events.stream().filter(e -> e.op() == Op.CREATE && e.key().get("id").equals("40")).findFirst().orElseThrow();
        ChangeEvent update40 = events.stream().filter(e -> e.op() == Op.UPDATE && e.key().get("id").equals("40")).findFirst().orElseThrow();
        assertThat(insert40.position().compareTo(update40.position())).as("%s before %s", insert40.position().describe(),
                update40.position().describe()).isNegative();

        int before = events.size();
        try (CaptureService capture = new CaptureService(config).start()) {
            try (Connection c = sandbox.mariadb().connect(db); Statement s = c.createStatement()) {
                s.execute("INSERT INTO items (id, price, active, at) VALUES (30, 1, 1, NOW(6))");
                s.execute("TRUNCATE TABLE items");
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> capture.stats().streamedEvents() >= 1 && read(topic).size() >= before + 3);
            assertThat(capture.stats().snapshotRows()).as("no new snapshot after a restart").isEmpty();
        }
        List<ChangeEvent> after = read(topic).subList(before, read(topic).size());
        assertThat(after.stream().map(e -> e.op().code() + ":" + (e.key() == null ? "-" : e.key().get("id"))).collect(Collectors.toList()))
                .containsExactlyInAnyOrder("c:30", "t:-", "t:-");
    }

    private String sourceInstantOf(String db, String column, long id) throws Exception {
        try (Connection c = sandbox.mariadb().connect(db); Statement s = c.createStatement()) {
            s.execute("SET time_zone = '+00:00'");
            try (var rs = s.executeQuery("SELECT DATE_FORMAT(" + column + ", '%Y-%m-%d %H:%i:%s.%f') FROM items WHERE id = " + id)) {
                rs.next();
                return rs.getString(1).replaceAll("\\.?0+$", "") + "Z";
            }
        }
    }

    private List<ChangeEvent> read(String topic) {
        Properties p = new Properties();
        p.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, sandbox.kafka().bootstrapServers());
        List<ChangeEvent> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> tps = c.partitionsFor(topic).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(tps);
            c.seekToBeginning(tps);
            var ends = c.endOffsets(tps);
            while (tps.stream().anyMatch(tp -> c.position(tp) < ends.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    out.add(ChangeEventCodec.decode(r.value()));
                }
            }
        }
        out.sort((a, b) -> a.position().compareTo(b.position()));
        return out;
    }
}
