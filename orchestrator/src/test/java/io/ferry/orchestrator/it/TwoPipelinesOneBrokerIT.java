package io.ferry.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ferry.apply.streams.ApplierService;
import io.ferry.apply.streams.DeadLetterCount;
import io.ferry.capture.CaptureFailedException;
import io.ferry.capture.CaptureService;
import io.ferry.core.config.ConfigLoader;
import io.ferry.core.config.PipelineConfig;
import io.ferry.orchestrator.pipeline.LocalPipeline;
import io.ferry.sandbox.Sandbox;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Three pipelines on one broker, all with the default topic prefix, into one PostgreSQL database: {@code a} carries
 * table {@code items} of source database {@code twopipe_a}, {@code b} every table of {@code twopipe_b} (which has an
 * {@code items} table too), and {@code c} table {@code notes} of {@code twopipe_a}. Each must apply exactly its own
 * tables into its own schema, consume only its own topics, keep its own offsets and count only its own dead letters.
 * A pipeline that would share a table's topic with another (same table, same prefix) does not start.
 */
class TwoPipelinesOneBrokerIT {

    private final Sandbox sandbox = Sandbox.shared();

    @Test
    void pipelinesWithTheDefaultPrefixOnOneBrokerEachApplyOnlyTheirOwnTables() throws Exception {
        try (Connection c = sandbox.mariadb().connect(""); Statement s = c.createStatement()) {
            for (String db : List.of("twopipe_a", "twopipe_b")) {
                s.execute("DROP DATABASE IF EXISTS " + db);
                s.execute("CREATE DATABASE " + db);
                s.execute("CREATE TABLE " + db + ".items (id INT PRIMARY KEY, qty INT NOT NULL, label VARCHAR(20))");
            }
            s.execute("CREATE TABLE twopipe_a.notes (id INT PRIMARY KEY, body VARCHAR(20))");
            // snapshot rows; qty 500 breaks the target's CHECK, a dead letter of its pipeline
            s.execute("INSERT INTO twopipe_a.items VALUES (1, 1, 'a1'), (2, 2, 'a2'), (3, 500, 'a-poison')");
            s.execute("INSERT INTO twopipe_b.items VALUES (1001, 1, 'b1'), (1002, 500, 'b-poison-1')");
            s.execute("INSERT INTO twopipe_a.notes VALUES (7, 'c7')");
        }
        sandbox.mariadb().createCaptureUser("ferry", PipelineFixture.PASSWORD);
        sandbox.postgres().createDatabase("twopipe");
        try (Connection pg = sandbox.postgres().connect("twopipe"); Statement s = pg.createStatement()) {
            for (String schema : List.of("a", "b")) {
                s.execute("CREATE SCHEMA " + schema);
                s.execute("CREATE TABLE " + schema + ".items (id integer PRIMARY KEY, qty integer NOT NULL CHECK (qty < 100), label text)");
            }
            s.execute("CREATE SCHEMA c");
            s.execute("CREATE TABLE c.notes (id integer PRIMARY KEY, body text)");
        }
        PipelineConfig a = config("twopipe_a", "twopipe_a", "a", "[items]", 6901);
        PipelineConfig b = config("twopipe_b", "twopipe_b", "b", "[\"*\"]", 6902);
        PipelineConfig c = config("twopipe_c", "twopipe_a", "c", "[notes]", 6903);

        try (LocalPipeline pa = new LocalPipeline(a).start(); LocalPipeline pb = new LocalPipeline(b).start();
             LocalPipeline pc = new LocalPipeline(c).start()) {
            try (Connection src = sandbox.mariadb().connect(""); Statement s = src.createStatement()) {
                s.execute("INSERT INTO twopipe_a.items VALUES (4, 4, 'a4')");
                s.execute("UPDATE twopipe_a.items SET label = 'a1-updated' WHERE id = 1");
                s.execute("INSERT INTO twopipe_b.items VALUES (1003, 3, 'b3'), (1004, 900, 'b-poison-2')");
                s.execute("DELETE FROM twopipe_b.items WHERE id = 1001");
                s.execute("INSERT INTO twopipe_a.notes VALUES (8, 'c8')");
            }
            for (LocalPipeline p : List.of(pa, pb, pc)) {
                p.awaitCaughtUp(Duration.ofMinutes(2));
                assertThat(p.failure()).isNull();
            }

            assertThat(rows("a.items")).containsExactly("1:a1-updated", "2:a2", "4:a4");
            assertThat(rows("b.items")).containsExactly("1003:b3");
            assertThat(rows("c.notes")).containsExactly("7:c7", "8:c8");

            Duration timeout = Duration.ofSeconds(30);
            String kafka = sandbox.kafka().bootstrapServers();
            assertThat(DeadLetterCount.of(kafka, a, timeout)).as("dead letters of a").isEqualTo(1);
            assertThat(DeadLetterCount.of(kafka, b, timeout)).as("dead letters of b").isEqualTo(2);
            assertThat(DeadLetterCount.of(kafka, c, timeout)).as("dead letters of c").isZero();
            assertThat(pa.applier().stats().deadLetters()).isEqualTo(1);

            assertThat(appliedTopics(a)).containsExactly("ferry.twopipe_a.items");
            assertThat(appliedTopics(b)).containsExactly("ferry.twopipe_b.items");
            assertThat(appliedTopics(c)).containsExactly("ferry.twopipe_a.notes");
            // Streams commits on its interval: wait for the commit, which can never equal the set if it held another topic
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(committedTopics(a)).containsExactly("ferry.twopipe_a.items");
                assertThat(committedTopics(b)).containsExactly("ferry.twopipe_b.items");
                assertThat(committedTopics(c)).containsExactly("ferry.twopipe_a.notes");
            });

            // A fourth pipeline carrying a's table with the same prefix would write into a's topic: refused.
            PipelineConfig d = config("twopipe_d", "twopipe_a", "d", "[items]", 6904);
            assertThatThrownBy(() -> new CaptureService(d).start().close()).isInstanceOf(CaptureFailedException.class)
                    .hasMessageContaining("ferry.twopipe_a.items (pipeline 'twopipe_a')").hasMessageContaining("kafka.topicPrefix");
        }
    }

    private PipelineConfig config(String name, String database, String schema, String include, int serverId) {
        // No topicPrefix: every pipeline takes the default, as a user following the docs would.
        return ConfigLoader.parse("""
                name: %s
                source: {kind: mariadb, host: 127.0.0.1, port: %d, user: ferry, password: "%s", database: %s, serverId: %d}
                target: {kind: postgresql, host: 127.0.0.1, port: %d, database: twopipe, user: postgres, schema: %s}
                kafka: {bootstrapServers: "%s", partitions: 2}
                tables: {include: %s}
                apply: {batchSize: 100, flushIntervalMs: 100, onError: dlq}
                capture: {heartbeatIntervalMs: 500, snapshotMode: initial}
                """.formatted(name, sandbox.mariadb().port(), PipelineFixture.PASSWORD, database, serverId, sandbox.postgres().port(),
                schema, sandbox.kafka().bootstrapServers(), include), name + ".yaml", System::getenv, null);
    }

    /** The rows of a target table as {@code id:label}, by id; a NULL label reads {@code -}. */
    private List<String> rows(String table) throws Exception {
        String label = table.endsWith("notes") ? "body" : "label";
        List<String> out = new ArrayList<>();
        try (Connection pg = sandbox.postgres().connect("twopipe"); Statement s = pg.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, coalesce(" + label + ", '-') FROM " + table + " ORDER BY id")) {
            while (rs.next()) {
                out.add(rs.getInt(1) + ":" + rs.getString(2));
            }
        }
        return out;
    }

    /** The topics whose offsets the pipeline's applier recorded in the shared target database. */
    private Set<String> appliedTopics(PipelineConfig config) throws Exception {
        Set<String> topics = new TreeSet<>();
        try (Connection pg = sandbox.postgres().connect("twopipe");
             var ps = pg.prepareStatement("SELECT DISTINCT topic FROM ferry.applied_offsets WHERE applier = ?")) {
            ps.setString(1, ApplierService.applicationId(config));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    topics.add(rs.getString(1));
                }
            }
        }
        return topics;
    }

    /** The topics the pipeline's consumer group has committed offsets for. */
    private Set<String> committedTopics(PipelineConfig config) throws Exception {
        Properties p = new Properties();
        p.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, sandbox.kafka().bootstrapServers());
        try (Admin admin = Admin.create(p)) {
            Set<String> topics = new TreeSet<>();
            for (TopicPartition tp : admin.listConsumerGroupOffsets(ApplierService.applicationId(config))
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS).keySet()) {
                topics.add(tp.topic());
            }
            return topics;
        }
    }
}
