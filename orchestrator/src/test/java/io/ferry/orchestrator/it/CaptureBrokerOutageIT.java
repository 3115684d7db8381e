package io.ferry.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ferry.core.event.ChangeEvent;
import io.ferry.core.event.ChangeEventCodec;
import io.ferry.core.schema.TableId;
import io.ferry.core.topic.TopicNames;
import io.ferry.sandbox.KafkaBroker;
import io.ferry.sandbox.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
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
 * Capture waits out a broker outage: with the broker of this test stopped while the source keeps changing,
 * capture (a child JVM) logs one WARN, stays up, and once the broker is back sends every change, logging the
 * recovery; nothing is missing from the topic.
 */
class CaptureBrokerOutageIT {

    private final Sandbox sandbox = Sandbox.shared();

    @Test
    void captureWaitsOutABrokerOutageAndSendsEveryChangeOnceItIsBack() throws Exception {
        String name = "capture_broker_outage";
        Path dir = Files.createDirectories(sandbox.directory().resolve(name + "-" + System.nanoTime()));
        KafkaBroker broker = KafkaBroker.start(dir.resolve("kafka"));
        ChildService capture = null;
        try {
            try (Connection c = sandbox.mariadb().connect(""); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS `" + name + "`");
                s.execute("CREATE DATABASE `" + name + "`");
                s.execute("CREATE TABLE `" + name + "`.items (id bigint PRIMARY KEY, name varchar(40))");
                s.execute("INSERT INTO `" + name + "`.items VALUES (1, 'a'), (2, 'b'), (3, 'c')");
            }
            sandbox.mariadb().createCaptureUser("ferry", PipelineFixture.PASSWORD);
            Path yaml = dir.resolve(name + ".yaml");
            Files.writeString(yaml, """
                    name: %1$s
                    source: {kind: mariadb, host: 127.0.0.1, port: %2$d, user: ferry, password: "${env:%4$s}", database: %1$s, serverId: 7312}
                    target: {kind: postgresql, host: 127.0.0.1, database: unused, user: postgres}
                    kafka: {bootstrapServers: "%3$s", topicPrefix: %1$s, partitions: 1}
                    capture: {snapshotMode: initial, heartbeatIntervalMs: 500, retry: {initialBackoffMs: 200, maxBackoffMs: 2000}}
                    """.formatted(name, sandbox.mariadb().port(), broker.bootstrapServers(), PipelineFixture.PASSWORD_ENV));
            String topic = TopicNames.changeTopic(name, TableId.of(name, "items"));
            capture = ChildService.start("io.ferry.capture.CaptureMain", yaml, null, PipelineFixture.PASSWORD_ENV,
                    PipelineFixture.PASSWORD, dir.resolve("capture.log"));
            KafkaBroker up = broker;
            await().atMost(Duration.ofSeconds(120)).until(() -> ids(up, topic).containsAll(Set.of(1L, 2L, 3L)));

            broker.close();
            insert(name, 4, 10);
            capture.awaitLog("failed, waiting for it to come back", Duration.ofSeconds(90));
            capture.assertAlive();
            insert(name, 11, 20);

            broker = broker.startAgain();
            KafkaBroker back = broker;
            Set<Long> all = LongStream.rangeClosed(1, 20).boxed().collect(Collectors.toSet());
            await().atMost(Duration.ofSeconds(120)).until(() -> ids(back, topic).containsAll(all));
            assertThat(Files.readString(capture.log)).as("capture log %s", capture.log).contains("recovered after");
            capture.assertAlive();
        } finally {
            if (capture != null) {
                capture.close();
            }
            broker.close();
        }
    }

    private void insert(String database, int from, int to) throws Exception {
        try (Connection c = sandbox.mariadb().connect(database); Statement s = c.createStatement()) {
            for (int id = from; id <= to; id++) {
                s.execute("INSERT INTO items VALUES (" + id + ", 'n" + id + "')");
            }
        }
    }

    /** The ids of every row change in the topic, read from its beginning. */
    private static Set<Long> ids(KafkaBroker broker, String topic) {
        Properties p = new Properties();
        p.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        Set<Long> ids = new TreeSet<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long end = c.endOffsets(List.of(tp)).get(tp);
            while (c.position(tp) < end) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    ChangeEvent e = ChangeEventCodec.decode(r.value());
                    if (e.after() != null && e.after().get("id") != null) {
                        ids.add(Long.parseLong(e.after().get("id")));
                    }
                }
            }
        } catch (RuntimeException e) {
            return Set.of(); // the topic is not there yet
        }
        return ids;
    }
}
