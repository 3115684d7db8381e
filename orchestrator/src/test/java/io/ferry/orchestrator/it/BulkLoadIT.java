package io.ferry.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.capture.bulk.BulkState;
import io.ferry.orchestrator.pipeline.CaptureOffsets;
import io.ferry.orchestrator.pipeline.LocalPipeline;
import io.ferry.orchestrator.schema.MySqlCatalogReader;
import io.ferry.orchestrator.schema.SchemaApplier;
import io.ferry.orchestrator.schema.SchemaPlanner;
import io.ferry.core.schema.mapping.TypeMapper;
import io.ferry.validator.ValidationOptions;
import io.ferry.validator.ValidationReport;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The bulk full load ({@code capture.snapshotMode: bulk}) against real servers: a writer changing rows, keys included,
 * throughout the copy, with streaming taking over at the cut; tables of every key kind and size; and a copy killed
 * with SIGKILL in the middle of a table that resumes with the unfinished chunks only.
 */
class BulkLoadIT {

    private static final String[] TABLES = {"ints", "pairs", "uniq", "empty_t", "one_row", "gaps"};

    @Test
    void writerChangingRowsAndKeysThroughoutTheCopyEndsWithTargetEqualToSourceRowByRow() throws Exception {
        PipelineFixture f = new PipelineFixture("bulk_churn", "stop", 500, 100, "", "bulk: {chunkRows: 1000, readers: 2, writers: 2}");
        f.sourceSql("CREATE TABLE ints (id BIGINT PRIMARY KEY, v INT NOT NULL, note VARCHAR(50), KEY idx_v (v))",
                "CREATE TABLE pairs (region VARCHAR(10) NOT NULL, code VARCHAR(30) NOT NULL, qty INT, PRIMARY KEY (region, code))",
                "CREATE TABLE uniq (ext VARCHAR(20) NOT NULL, n INT, UNIQUE KEY uq_ext (ext))",
                "CREATE TABLE empty_t (id INT PRIMARY KEY, s VARCHAR(5))",
                "CREATE TABLE one_row (id INT PRIMARY KEY, s VARCHAR(5))",
                "CREATE TABLE gaps (id BIGINT UNSIGNED PRIMARY KEY, s VARCHAR(10))",
                "INSERT INTO one_row VALUES (7, 'only')");
        try (Connection c = f.source()) {
            c.setAutoCommit(false);
            batch(c, "INSERT INTO ints VALUES (?, ?, ?)", 20_000, (ps, i) -> {
                ps.setLong(1, i);
                ps.setInt(2, i % 97);
                ps.setString(3, i % 5 == 0 ? null : "n\t" + i + "\\");
            });
            batch(c, "INSERT INTO pairs VALUES (?, ?, ?)", 8_000, (ps, i) -> {
                ps.setString(1, new String[] {"north", "South", "\u00e9st", "west"}[i % 4]);
                ps.setString(2, "c-" + i);
                ps.setInt(3, i);
            });
            batch(c, "INSERT INTO uniq VALUES (?, ?)", 5_000, (ps, i) -> {
                ps.setString(1, "x" + i);
                ps.setInt(2, i);
            });
            // Keys far apart and skewed: most of them low, a few near the top of BIGINT UNSIGNED.
            batch(c, "INSERT INTO gaps VALUES (?, ?)", 2_500, (ps, i) -> {
                ps.setString(1, i < 2_490 ? Long.toString(i * 1_000_000_007L) : Long.toUnsignedString(-1L - (2_499 - i) * 3_000_000_000L));
                ps.setString(2, "g" + i);
            });
            c.commit();
        }
        try (Connection c = f.source(); Connection pg = f.target()) {
            SchemaApplier.applyBeforeCopy(pg, new SchemaPlanner(new TypeMapper(f.config.types())).plan(MySqlCatalogReader.read(c, f.name), "app"));
        }

        Churn writer = new Churn(f);
        Thread t = new Thread(writer, "bulk-churn");
        t.start();
        AtomicLong writesWhenCopyRan = new AtomicLong(-1);
        AtomicLong writesWhenStreaming = new AtomicLong(-1);
        try (LocalPipeline pipeline = f.startInProcess()) {
            Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50)).until(() -> {
                assertThat(pipeline.failure()).isNull();
                assertThat(writer.failure.get()).isNull();
                if (pipeline.capture().bulkProgress() != null && writesWhenCopyRan.get() < 0) {
                    writesWhenCopyRan.set(writer.transactions.get());
                }
                if (pipeline.capture().stats().streaming()) {
                    writesWhenStreaming.set(writer.transactions.get());
                    return true;
                }
                return false;
            });
            long target = writer.transactions.get() + 200;
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> writer.transactions.get() >= target || writer.failure.get() != null);
            writer.running.set(false);
            t.join();
            assertThat(writer.failure.get()).as("writer failure").isNull();
            assertThat(writesWhenCopyRan.get()).as("the copy was seen running").isGreaterThanOrEqualTo(0);
            assertThat(writesWhenStreaming.get()).as("writes while the copy ran").isGreaterThan(writesWhenCopyRan.get());

            pipeline.awaitCaughtUp(Duration.ofMinutes(2));
            assertThat(pipeline.failure()).isNull();
            assertThat(pipeline.applier().stats().deadLetters()).isZero();

            AtomicReference<ValidationReport> report = new AtomicReference<>();
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                report.set(f.validate(ValidationOptions.DEFAULTS, TABLES));
                return !report.get().hasDifferences();
            });
            assertThat(report.get().tables()).hasSize(TABLES.length);

            // Streaming continued from the cut in Debezium's own offset form.
            try (CaptureOffsets offsets = new CaptureOffsets(f.config)) {
                assertThat(offsets.latest()).containsKeys("file", "pos", "gtids");
            }
        } finally {
            writer.running.set(false);
            t.join(TimeUnit.SECONDS.toMillis(10));
        }
        try (Connection pg = f.target()) {
            Map<String, Integer> chunks = chunkCounts(pg, f.name);
            assertThat(chunks).as("chunks per table").containsEntry("bulk_churn.empty_t", 1).containsEntry("bulk_churn.one_row", 1)
                    .containsEntry("bulk_churn.gaps", 3);
            assertThat(chunks.get("bulk_churn.ints")).as("the integer table's chunks").isBetween(20, 21);
            assertThat(new BulkState(f.name).doneChunks(pg)).as("every chunk done").isEqualTo(chunks);
            assertThat(count(pg, "SELECT count(*) FROM pg_indexes WHERE schemaname = 'app' AND tablename = 'ints' AND indexname <> 'ints_pkey'"))
                    .as("the secondary index, built after the copy").isEqualTo(1);
            assertThat(count(pg, "SELECT count(*) FROM app.one_row")).isEqualTo(1);
            assertThat(count(pg, "SELECT count(*) FROM app.empty_t")).isZero();
            assertThat(count(pg, "SELECT count(*) FROM app.gaps WHERE id = 18446744073709551615")).as("largest unsigned key").isEqualTo(1);
        }
    }

    /**
     * Capture killed with SIGKILL while it copies the one table, with a writer changing rows and keys all along. The
     * restarted capture takes a new cut for the unfinished chunks only, streaming starts at the first cut, and after
     * the drain the target equals the source.
     */
    @Test
    void copyKilledWithSigkillMidTableResumesWithUnfinishedChunksOnlyAndEndsEqual() throws Exception {
        PipelineFixture f = new PipelineFixture("bulk_kill", "dlq", 500, 100, "", "bulk: {chunkRows: 500, readers: 1, writers: 1}");
        int rows = 40_000;
        LedgerWorkload.create(f, rows);
        LedgerWorkload writer = new LedgerWorkload(f, rows);
        Thread writerThread = new Thread(writer, "bulk-kill-writer");
        ChildService capture = f.spawnCapture(null);
        ChildService applier = f.spawnApplier(null);
        try {
            writerThread.start();
            try {
                Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20)).until(() -> {
                    capture.assertAlive();
                    return done(f) >= 3;
                });
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("the copy did not start; capture log:\n" + capture.tail(), e);
            }
            capture.kill();
            int doneAtKill = done(f);
            int planned;
            try (Connection pg = f.target()) {
                planned = chunkCounts(pg, f.name).get("bulk_kill.ledger");
            }
            assertThat(doneAtKill).as("chunks done when capture was killed, of %d", planned).isBetween(3, planned - 1);

            ChildService restarted = f.spawnCapture(null);
            try {
                Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300)).until(() -> {
                    restarted.assertAlive();
                    return Files.readString(restarted.log).contains("bulk load of pipeline bulk_kill done");
                });
                String log = Files.readString(restarted.log);
                Matcher m = Pattern.compile("bulk load of pipeline bulk_kill done: \\d+ rows in (\\d+) chunks").matcher(log);
                assertThat(m.find()).as("the restarted copy's summary in %s", restarted.log).isTrue();
                assertThat(Integer.parseInt(m.group(1))).as("chunks copied after the restart: the unfinished ones only")
                        .isEqualTo(planned - doneAtKill);
                assertThat(log).contains(planned - doneAtKill + " of " + planned + " chunks to copy (" + doneAtKill + " done earlier)")
                        .as("streaming resumed from the offset stored by the first run, the first cut or later")
                        .contains("resumes streaming from its stored offset");

                long more = writer.transactions() + 300;
                Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> writer.transactions() >= more || writer.failure() != null);
                writer.stop();
                writerThread.join();
                assertThat(writer.failure()).as("writer failure").isNull();
                List<String> diff = f.awaitEqual(LedgerWorkload.TABLE, List.of("id"), Duration.ofSeconds(120), restarted, applier);
                assertThat(diff).as("target against source after the resumed copy (logs %s, %s)", restarted.log, applier.log).isEmpty();
            } finally {
                restarted.close();
            }
        } finally {
            writer.stop();
            writerThread.join(TimeUnit.SECONDS.toMillis(10));
            capture.close();
            applier.close();
        }
    }

    /**
     * A capture user without RELOAD (as on managed services): the cut comes from one reader's consistent snapshot and
     * the position MariaDB reports for it, no write is blocked, and streaming from that position loses nothing.
     */
    @Test
    void withoutReloadTheCutIsTheSnapshotPositionOfOneReaderAndStaysExact() throws Exception {
        PipelineFixture f = new PipelineFixture("bulk_noreload", "dlq", 500, 100, "", "bulk: {chunkRows: 700}");
        try (Connection c = f.sandbox.mariadb().connect(""); Statement s = c.createStatement()) {
            s.execute("CREATE USER IF NOT EXISTS 'ferry_nr'@'%' IDENTIFIED BY '" + PipelineFixture.PASSWORD + "'");
            s.execute("GRANT SELECT, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT, BINLOG MONITOR, LOCK TABLES ON *.* TO 'ferry_nr'@'%'");
        }
        io.ferry.core.config.PipelineConfig config = io.ferry.core.config.ConfigLoader.parse(
                Files.readString(f.yaml).replace("user: ferry,", "user: ferry_nr,"), f.yaml.toString(),
                n -> n.equals(PipelineFixture.PASSWORD_ENV) ? PipelineFixture.PASSWORD : System.getenv(n), f.yaml.getParent());
        int rows = 5_000;
        LedgerWorkload.create(f, rows);
        LedgerWorkload writer = new LedgerWorkload(f, rows);
        Thread t = new Thread(writer, "bulk-noreload-writer");
        t.start();
        try (LocalPipeline pipeline = new LocalPipeline(config).start()) {
            Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> {
                assertThat(pipeline.failure()).isNull();
                return pipeline.capture().stats().streaming();
            });
            long more = writer.transactions() + 300;
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> writer.transactions() >= more || writer.failure() != null);
            writer.stop();
            t.join();
            assertThat(writer.failure()).isNull();
            pipeline.awaitCaughtUp(Duration.ofMinutes(2));
            assertThat(f.awaitEqual(LedgerWorkload.TABLE, List.of("id"), Duration.ofSeconds(60))).as("target against source").isEmpty();
        } finally {
            writer.stop();
            t.join(TimeUnit.SECONDS.toMillis(10));
        }
        try (Connection pg = f.target(); Statement s = pg.createStatement();
             ResultSet rs = s.executeQuery("SELECT cut_method, writes_blocked_ms FROM ferry.bulk_loads WHERE pipeline = 'bulk_noreload'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("binlog_snapshot of one reader");
            assertThat(rs.getLong(2)).as("writes blocked").isZero();
        }
    }

    private static int done(PipelineFixture f) throws SQLException {
        try (Connection pg = f.target()) {
            return count(pg, "SELECT count(*) FROM ferry.bulk_chunks WHERE pipeline = '" + f.name + "' AND done_at IS NOT NULL");
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return 0; // the ferry schema's tables appear when the copy starts
            }
            throw e;
        }
    }

    private static Map<String, Integer> chunkCounts(Connection pg, String pipeline) throws SQLException {
        Map<String, Integer> m = new java.util.TreeMap<>();
        try (PreparedStatement ps = pg.prepareStatement("SELECT source_table, count(*) FROM ferry.bulk_chunks WHERE pipeline = ? GROUP BY source_table")) {
            ps.setString(1, pipeline);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    m.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        return m;
    }

    private static int count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    interface Row {
        void bind(PreparedStatement ps, int i) throws SQLException;
    }

    private static void batch(Connection c, String sql, int rows, Row row) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < rows; i++) {
                row.bind(ps, i);
                ps.addBatch();
                if (i % 1000 == 999) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
    }

    /** Inserts, updates, deletes and key changes on the integer, composite-string and unique-index keyed tables. */
    private static final class Churn implements Runnable {
        final PipelineFixture f;
        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicLong transactions = new AtomicLong();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Random rnd = new Random(5);
        long next = 1_000_000;

        Churn(PipelineFixture f) {
            this.f = f;
        }

        @Override
        public void run() {
            try (Connection c = f.source(); Statement s = c.createStatement()) {
                while (running.get()) {
                    int id = rnd.nextInt(20_000);
                    int p = rnd.nextInt(8_000);
                    int u = rnd.nextInt(5_000);
                    switch (rnd.nextInt(4)) {
                        case 0 -> {
                            s.executeUpdate("INSERT INTO ints VALUES (" + next++ + ", 1, 'new')");
                            s.executeUpdate("INSERT INTO pairs VALUES ('west', 'n-" + next++ + "', 1)");
                            s.executeUpdate("INSERT INTO uniq VALUES ('n" + next++ + "', 1)");
                        }
                        case 1 -> {
                            s.executeUpdate("UPDATE ints SET v = v + 1, note = 'upd' WHERE id BETWEEN " + id + " AND " + (id + 5));
                            s.executeUpdate("UPDATE pairs SET qty = qty + 1 WHERE code = 'c-" + p + "'");
                            s.executeUpdate("UPDATE uniq SET n = n + 1 WHERE ext = 'x" + u + "'");
                        }
                        case 2 -> {
                            s.executeUpdate("DELETE FROM ints WHERE id = " + id);
                            s.executeUpdate("DELETE FROM pairs WHERE code = 'c-" + p + "'");
                            s.executeUpdate("DELETE FROM uniq WHERE ext = 'x" + u + "'");
                        }
                        default -> {
                            s.executeUpdate("UPDATE ints SET id = " + next++ + " WHERE id = " + id);
                            s.executeUpdate("UPDATE pairs SET code = 'k-" + next++ + "' WHERE code = 'c-" + p + "'");
                            s.executeUpdate("UPDATE uniq SET ext = 'k" + next++ + "' WHERE ext = 'x" + u + "'");
                        }
                    }
                    transactions.incrementAndGet();
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        }
    }
}
