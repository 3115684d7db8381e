package io.ferry.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.orchestrator.check.Finding;
import io.ferry.orchestrator.check.RowSizes;
import io.ferry.orchestrator.pipeline.LocalPipeline;
import io.ferry.orchestrator.schema.MySqlCatalogReader;
import io.ferry.orchestrator.schema.SchemaApplier;
import io.ferry.orchestrator.schema.SchemaPlanner;
import io.ferry.core.schema.mapping.TypeMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A 5 MB LONGBLOB (about 7 MB as base64 in its change event, far above Kafka's 1 MiB default) inserted and then
 * updated while streaming arrives byte for byte, with default settings; {@code ferry check} reports the row.
 */
class LargeRowIT {

    private static final int SIZE = 5 * 1024 * 1024;

    @Test
    void fiveMegabyteBlobInsertedThenUpdatedArrivesExactlyAndCheckReportsTheLargestRow() throws Exception {
        PipelineFixture f = new PipelineFixture("large_row", "stop", 100);
        f.sourceSql("CREATE TABLE files (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL, data LONGBLOB)",
                "INSERT INTO files VALUES (1, 'small', X'00ff')");
        try (Connection c = f.source(); Connection pg = f.target()) {
            SchemaApplier.applyBeforeCopy(pg, new SchemaPlanner(new TypeMapper(f.config.types())).plan(MySqlCatalogReader.read(c, f.name), "app"));
        }
        byte[] first = random(1);
        byte[] second = random(2);
        try (LocalPipeline pipeline = f.startInProcess()) {
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> pipeline.capture().stats().streaming()
                    || pipeline.capture().stats().snapshotRows().values().stream().mapToLong(Long::longValue).sum() >= 1);
            try (Connection c = f.source()) {
                write(c, "INSERT INTO files VALUES (2, 'big', ?)", first);
                write(c, "UPDATE files SET name = 'big, updated', data = ? WHERE id = 2", second);
                write(c, "INSERT INTO files VALUES (3, 'after it', ?)", new byte[] {7});
            }
            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                assertThat(pipeline.failure()).as("capture and applier keep running").isNull();
                assertThat(targetBlob(f, 3)).as("the row after the large one").containsExactly(7);
            });
        }
        assertThat(targetBlob(f, 2)).as("the updated 5 MB blob, byte for byte").isEqualTo(second);
        assertThat(f.differences("files", List.of("id"))).as("target against source").isEmpty();

        FerryCli.Result check = FerryCli.run("check", "-c", f.yamlWithPasswordFile().toString());
        assertThat(check.out()).as(check.out()).containsPattern("INFO +row\\.size +large_row\\.files: the largest row is about \\d+ bytes");
        try (Connection c = f.source()) {
            var tables = MySqlCatalogReader.read(c, f.name);
            List<Finding> fits = RowSizes.run(c, tables, f.config.kafka().maxMessageBytes());
            assertThat(fits).singleElement().satisfies(x -> {
                assertThat(x.code()).isEqualTo("row.size");
                assertThat(x.subject()).isEqualTo("large_row.files");
                assertThat(x.severity()).isEqualTo(Finding.Severity.INFO);
                assertThat(largestReported(x.message())).as(x.message()).isBetween(SIZE * 4L / 3, SIZE * 4L / 3 + 2000);
            });
            List<Finding> tooLarge = RowSizes.run(c, tables, 4 * 1024 * 1024);
            assertThat(tooLarge).singleElement().satisfies(x -> {
                assertThat(x.severity()).isEqualTo(Finding.Severity.ERROR);
                assertThat(x.message()).contains("kafka.maxMessageBytes (4194304)").contains("set kafka.maxMessageBytes above");
            });
        }
    }

    private static long largestReported(String message) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("largest row is about (\\d+) bytes").matcher(message);
        assertThat(m.find()).as(message).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static byte[] random(long seed) {
        byte[] b = new byte[SIZE];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static void write(Connection c, String sql, byte[] data) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setBytes(1, data);
            ps.executeUpdate();
        }
    }

    private static byte[] targetBlob(PipelineFixture f, int id) throws Exception {
        try (Connection pg = f.target(); PreparedStatement ps = pg.prepareStatement("SELECT data FROM app.files WHERE id = ?")) {
            ps.setInt(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        }
    }
}
