package io.ferry.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * {@code ferry run} as a data team uses it: a pipeline file with no Kafka, so Ferry runs its own broker
 * with its data in a directory; killed with SIGKILL while the application writes, then started again,
 * it resumes from what the broker and the target kept, and nothing is lost.
 */
class RunIT {

    private static final int INITIAL_ROWS = 2_000;

    @Test
    void runWithTheEmbeddedBrokerResumesAfterSigkillWithNothingLost() throws Exception {
        PipelineFixture f = new PipelineFixture("run_embedded", "dlq", 500);
        f.sourceSql("CREATE TABLE ledger (id BIGINT NOT NULL PRIMARY KEY, version INT NOT NULL, amount DECIMAL(12,2) NOT NULL,"
                + " note VARCHAR(100) NULL, updated DATETIME(6) NOT NULL, flag TINYINT(1) NOT NULL DEFAULT 0)");
        f.sourceSql("INSERT INTO ledger (id, version, amount, note, updated) SELECT seq, 1, seq / 100, CONCAT('row ', seq), NOW(6)"
                + " FROM seq_1_to_" + INITIAL_ROWS);
        Path dataDir = f.sandbox.directory().resolve("run_embedded-kafka");
        Path yaml = f.sandbox.directory().resolve("run_embedded-run.yaml");
        String withoutKafka = Files.readString(f.yaml).replaceAll("(?m)^kafka: .*$",
                "kafka: {dataDir: \"" + dataDir + "\", topicPrefix: run_embedded, partitions: 3}");
        assertThat(withoutKafka).doesNotContain("bootstrapServers");
        Files.writeString(yaml, withoutKafka);

        LedgerWorkload writer = new LedgerWorkload(f, INITIAL_ROWS);
        Thread writerThread = new Thread(writer, "run-writer");
        ChildService run = ferryRun(f, yaml);
        try {
            Awaitility.await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).until(() -> {
                run.assertAlive();
                return targetRows(f) >= INITIAL_ROWS;
            });
            writerThread.start();
            long before = writer.transactions();
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> writer.transactions() >= before + 300);
            // Streamed changes have reached the target (the copy itself bypasses the applier), so the applier has
            // offsets recorded in the target to resume from.
            Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300)).until(() -> {
                run.assertAlive();
                return maxVersion(f) > 1;
            });
            run.kill();
            String firstLog = Files.readString(run.log);
            assertThat(firstLog).contains("embedded Kafka broker on").contains("bulk load of pipeline run_embedded done").contains("validator service on http://127.0.0.1:");

            long killedAt = writer.transactions();
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> writer.transactions() >= killedAt + 200);
            ChildService again = ferryRun(f, yaml);
            try {
                Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> {
                    again.assertAlive();
                    return Files.readString(again.log).contains("capture and applier of pipeline run_embedded started");
                });
                long restartedAt = writer.transactions();
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> writer.transactions() >= restartedAt + 300);
                writer.stop();
                writerThread.join();
                assertThat(writer.failure()).isNull();

                Path fileYaml = withPasswordFile(f, yaml);
                FerryCli.Result drained = FerryCli.run("drain", "-c", fileYaml.toString(), "--timeout", "180");
                assertThat(drained.exit()).as("%s%n%s", drained.out(), again.tail()).isZero();
                assertThat(f.differences(LedgerWorkload.TABLE, List.of("id"))).as("target against source after the restart").isEmpty();
                Awaitility.await().atMost(Duration.ofSeconds(30))
                        .until(() -> FerryCli.run("status", "-c", fileYaml.toString()).out().contains("migration          STREAMING"));
                FerryCli.Result status = FerryCli.run("status", "-c", fileYaml.toString());
                assertThat(status.out()).as(status.out()).contains("route source v1").contains("dead letters       0");
                String secondLog = Files.readString(again.log);
                assertThat(secondLog).as("the second run resumed: no new full load").doesNotContain("consistent cut").contains("resumes streaming from its stored offset")
                        .contains("resumes from the offsets recorded in target");
                assertThat(firstLog + secondLog).doesNotContain(PipelineFixture.PASSWORD);
            } finally {
                again.close();
            }
        } finally {
            writer.stop();
            writerThread.join(10_000);
            run.close();
        }
    }

    private static ChildService ferryRun(PipelineFixture f, Path yaml) throws Exception {
        return ChildService.start("io.ferry.orchestrator.cli.Ferry", List.of("run", "-c", yaml.toString(), "--progress-interval", "2", "--validator-port", "0"),
                null, PipelineFixture.PASSWORD_ENV, PipelineFixture.PASSWORD,
                f.sandbox.directory().resolve("run_embedded-run-" + System.nanoTime() + ".log"));
    }

    /** The password through a file, for the command line run in this JVM, whose environment a test cannot set. */
    private static Path withPasswordFile(PipelineFixture f, Path yaml) throws Exception {
        Path secret = f.sandbox.directory().resolve("run_embedded.password");
        Files.writeString(secret, PipelineFixture.PASSWORD + "\n");
        Path file = f.sandbox.directory().resolve("run_embedded-run-file.yaml");
        Files.writeString(file, Files.readString(yaml).replace("${env:" + PipelineFixture.PASSWORD_ENV + "}", "${file:" + secret + "}"));
        return file;
    }

    private static long targetRows(PipelineFixture f) {
        try (Connection c = f.target(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM app.ledger")) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException notYet) {
            return 0;
        }
    }

    private static int maxVersion(PipelineFixture f) {
        try (var c = f.target(); var s = c.createStatement(); var rs = s.executeQuery("SELECT coalesce(max(version), 0) FROM app.ledger")) {
            rs.next();
            return rs.getInt(1);
        } catch (java.sql.SQLException e) {
            return 0;
        }
    }
}
