package io.ferry.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.orchestrator.cli.Ferry;
import io.ferry.orchestrator.schema.MySqlCatalogReader;
import io.ferry.orchestrator.schema.SchemaApplier;
import io.ferry.orchestrator.schema.SchemaPlanner;
import io.ferry.orchestrator.schema.TypeMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code ferry status} and {@code ferry drain} against a pipeline whose capture and applier run as
 * separate processes, as an operator would use them: caught up, then with the applier down and
 * changes waiting, then after it came back.
 */
class StatusAndDrainIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void statusShowsLagWhileTheApplierIsDownAndDrainWaitsUntilTheTargetHasEveryChange() throws Exception {
        PipelineFixture f = new PipelineFixture("status_drain", "dlq", 200);
        f.sourceSql("CREATE TABLE items (id BIGINT PRIMARY KEY, name VARCHAR(40) NOT NULL)", insert(1, 500));
        try (Connection c = f.source(); Connection pg = f.target()) {
            SchemaApplier.applyBeforeCopy(pg, new SchemaPlanner(new TypeMapper(io.ferry.core.config.TypesConfig.DEFAULTS))
                    .plan(MySqlCatalogReader.read(c, f.name), "app"));
        }
        Path yaml = f.yamlWithPasswordFile();
        ChildService capture = f.spawnCapture(null);
        ChildService applier = f.spawnApplier(null);
        try {
            Result drained = ferry("drain", "-c", yaml.toString(), "--timeout", "180");
            assertThat(drained.exit).as("%s%ncapture log:%n%s%napplier log:%n%s", drained.out, capture.tail(), applier.tail()).isZero();
            assertThat(drained.out).contains("the target has every change up to");
            assertThat(targetRows(f)).as("rows in the target right after the drain").isEqualTo(500);

            Result status = ferry("status", "-c", yaml.toString(), "--json");
            assertThat(status.exit).as(status.out).isZero();
            JsonNode s = JSON.readTree(status.out);
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
                JsonNode n = JSON.readTree(ferry("status", "-c", yaml.toString(), "--json").out);
                return n.path("lagRecords").asLong() == 300 && n.path("captureCoversHead").asBoolean();
            });
            Result behind = ferry("status", "-c", yaml.toString());
            assertThat(behind.exit).isEqualTo(1);
            assertThat(behind.out).contains("pipeline status_drain: behind or unknown").contains("300 records behind")
                    .contains("has the source head").doesNotContain(PipelineFixture.PASSWORD);

            Result timedOut = ferry("drain", "-c", yaml.toString(), "--timeout", "2");
            assertThat(timedOut.exit).isEqualTo(1);
            assertThat(timedOut.out).contains("timed out").contains("300 records behind");

            applier = f.spawnApplier(null);
            Result again = ferry("drain", "-c", yaml.toString(), "--timeout", "180");
            assertThat(again.exit).as(again.out).isZero();
            assertThat(targetRows(f)).isEqualTo(800);
            assertThat(ferry("status", "-c", yaml.toString()).exit).isZero();
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

    private record Result(int exit, String out) {
    }

    /** Runs the command line in this JVM and returns its exit code and standard output. */
    private static synchronized Result ferry(String... args) {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            exit = new CommandLine(new Ferry()).execute(args);
        } finally {
            System.setOut(out);
        }
        return new Result(exit, captured.toString(StandardCharsets.UTF_8));
    }
}
