package io.ferry.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.orchestrator.schema.MySqlCatalogReader;
import io.ferry.orchestrator.schema.SchemaApplier;
import io.ferry.orchestrator.schema.SchemaPlanner;
import io.ferry.core.schema.mapping.TypeMapper;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * {@code ferry status} and {@code ferry drain} against a pipeline whose capture and applier run as
 * separate processes, as an operator would use them: caught up, then with the applier down and
 * changes waiting, then after it came back.
 */
class StatusAndDrainIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void statusShowsLagWhileTheApplierIsDownAndDrainWaitsUntilTheTargetHasEveryChange() throws Exception {
        // Counts the snapshot rows and truncate markers in the topics: Debezium's snapshot, not the bulk load.
        PipelineFixture f = new PipelineFixture("status_drain", "dlq", 200, 100, "", "snapshotMode: initial");
        f.sourceSql("CREATE TABLE items (id BIGINT PRIMARY KEY, name VARCHAR(40) NOT NULL)", insert(1, 500));
        try (Connection c = f.source(); Connection pg = f.target()) {
            SchemaApplier.applyBeforeCopy(pg, new SchemaPlanner(new TypeMapper(io.ferry.core.config.TypesConfig.DEFAULTS))
                    .plan(MySqlCatalogReader.read(c, f.name), "app"));
        }
        Path yaml = f.yamlWithPasswordFile();
        ChildService capture = f.spawnCapture(null);
        ChildService applier = f.spawnApplier(null);
        try {
            FerryCli.Result drained = FerryCli.run("drain", "-c", yaml.toString(), "--timeout", "180");
            assertThat(drained.exit()).as("%s%ncapture log:%n%s%napplier log:%n%s", drained.out(), capture.tail(), applier.tail()).isZero();
            assertThat(drained.out()).contains("the target has every change up to");
            assertThat(targetRows(f)).as("rows in the target right after the drain").isEqualTo(500);

            FerryCli.Result status = FerryCli.run("status", "-c", yaml.toString(), "--json");
            assertThat(status.exit()).as(status.out()).isZero();
            JsonNode s = JSON.readTree(status.json());
            assertThat(s.path("caughtUp").asBoolean()).isTrue();
            assertThat(s.path("lagRecords").asLong()).isZero();
            assertThat(s.path("captureCoversHead").asBoolean()).isTrue();
            assertThat(s.path("deadLetters").asLong()).isZero();
            assertThat(s.path("partitions")).isNotEmpty();
            long end = 0;
            for (JsonNode p : s.path("partitions")) {
                assertThat(p.path("applied").asLong()).as("partition %s", p).isEqualTo(p.path("end").asLong());
                end += p.path("end").asLong();
            }
            assertThat(end).as("the 500 snapshot rows and the snapshot's truncate marker in each of 3 partitions").isEqualTo(503);

            applier.kill();
            f.sourceSql(insert(501, 800));
            // capture goes on: the 300 new changes wait in Kafka, unapplied
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                JsonNode n = JSON.readTree(FerryCli.run("status", "-c", yaml.toString(), "--json").json());
                return n.path("lagRecords").asLong() == 300 && n.path("captureCoversHead").asBoolean();
            });
            FerryCli.Result behind = FerryCli.run("status", "-c", yaml.toString());
            assertThat(behind.exit()).isEqualTo(1);
            assertThat(behind.out()).contains("pipeline status_drain: behind or unknown").contains("300 records behind")
                    .contains("has the source head").doesNotContain(PipelineFixture.PASSWORD);

            FerryCli.Result timedOut = FerryCli.run("drain", "-c", yaml.toString(), "--timeout", "2");
            assertThat(timedOut.exit()).isEqualTo(1);
            assertThat(timedOut.out()).contains("timed out").contains("300 records behind");

            applier = f.spawnApplier(null);
            FerryCli.Result again = FerryCli.run("drain", "-c", yaml.toString(), "--timeout", "180");
            assertThat(again.exit()).as(again.out()).isZero();
            assertThat(targetRows(f)).isEqualTo(800);
            assertThat(FerryCli.run("status", "-c", yaml.toString()).exit()).isZero();
        } finally {
            capture.close();
            applier.close();
        }
    }

    private static String insert(int from, int to) {
        StringBuilder sb = new StringBuilder("INSERT INTO items VALUES ");
        for (int i = from; i <= to; i++) {
            sb.append(i == from ? "" : ",").append('(').append(i).append(",'item ").append(i).append("')");
        }
        return sb.toString();
    }

    private static long targetRows(PipelineFixture f) throws Exception {
        try (Connection c = f.target(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM app.items")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
