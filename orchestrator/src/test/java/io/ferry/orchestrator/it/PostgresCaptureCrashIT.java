package io.ferry.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.capture.PostgresSlot;
import io.ferry.core.config.PipelineConfig;
import io.ferry.core.config.TablesConfig.KeylessTables;
import io.ferry.orchestrator.cutover.ReleaseSlotStep;
import io.ferry.orchestrator.schema.PostgresCatalogReader;
import io.ferry.orchestrator.schema.PostgresSchemaPlanner;
import io.ferry.orchestrator.schema.SchemaApplier;
import io.ferry.sandbox.Sandbox;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Capture of a PostgreSQL source killed with SIGKILL while it streams: the restarted capture resumes from the same
 * replication slot and the target ends equal to the source; once the migration is over the slot and the publication go.
 */
class PostgresCaptureCrashIT {

    @Test
    void captureKilledMidStreamResumesFromItsSlotAndLosesNothing() throws Exception {
        Sandbox sandbox = Sandbox.shared();
        String name = "pgcrash";
        sandbox.postgres().createDatabase(name + "_src");
        sandbox.postgres().createDatabase(name);
        try (Connection src = sandbox.postgres().connect(name + "_src"); Statement s = src.createStatement()) {
            s.execute("CREATE SCHEMA src");
            s.execute("CREATE TABLE src.ledger (id int PRIMARY KEY, v int NOT NULL, big text)");
            s.execute("INSERT INTO src.ledger SELECT g, 0, " + PostgresToPostgresIT.BIG.formatted(7) + " FROM generate_series(1, 20) g");
        }
        try (Connection src = sandbox.postgres().connect(name + "_src"); Connection pg = sandbox.postgres().connect(name)) {
            SchemaApplier.applyBeforeCopy(pg, new PostgresSchemaPlanner(KeylessTables.UNIQUE_INDEX).plan(PostgresCatalogReader.read(src, "src"), "app"));
        }
        PipelineConfig config = PostgresToPostgresIT.config(sandbox, name);
        Path yaml = sandbox.directory().resolve(name + ".yaml");
        ChildService capture = spawn(sandbox, "io.ferry.capture.CaptureMain", yaml, name);
        ChildService applier = spawn(sandbox, "io.ferry.apply.streams.ApplierMain", yaml, name);
        AtomicInteger written = new AtomicInteger();
        AtomicReference<Throwable> writerFailure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try (Connection c = sandbox.postgres().connect(name + "_src"); Statement s = c.createStatement()) {
                for (int id = 201; id <= 600; id++) {
                    s.execute("INSERT INTO src.ledger VALUES (" + id + ", 1, NULL)");
                    s.execute("UPDATE src.ledger SET v = v + 1 WHERE id = " + (1 + id % 20)); // leaves the TOASTed big alone
                    written.set(id);
                }
            } catch (Throwable e) {
                writerFailure.set(e);
            }
        }, "pgcrash-writer");
        try {
            try (Connection c = sandbox.postgres().connect(name + "_src"); Statement s = c.createStatement()) {
                for (int id = 21; id <= 200; id++) {
                    s.execute("INSERT INTO src.ledger VALUES (" + id + ", 1, NULL)");
                }
            }
            Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> {
                capture.assertAlive();
                return count(sandbox, name, "app") > 60;
            });
            writer.start();
            capture.kill();
            int atKill = written.get();
            ChildService restarted = spawn(sandbox, "io.ferry.capture.CaptureMain", yaml, name);
            try {
                writer.join(120_000);
                assertThat(writerFailure.get()).isNull();
                assertThat(atKill).as("the writer was still writing when capture died").isLessThan(600);
                Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    restarted.assertAlive();
                    applier.assertAlive();
                    return rows(sandbox, name, "app").equals(rows(sandbox, name + "_src", "src"));
                });
                try (Connection c = sandbox.postgres().connect(name + "_src"); Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_replication_slots WHERE slot_name LIKE 'ferry_pgcrash%'")) {
                    rs.next();
                    assertThat(rs.getInt(1)).as("one slot, reused").isEqualTo(1);
                }
            } finally {
                restarted.close();
            }
        } finally {
            applier.close();
            capture.close();
        }
        // The migration is over (the cutover's post-flip step): slot and publication are dropped.
        new ReleaseSlotStep(config.source(), name).run(null);
        assertThat(PostgresSlot.slotExists(config.source(), name)).isFalse();
        assertThat(PostgresSlot.publicationExists(config.source(), name)).isFalse();
    }

    private static ChildService spawn(Sandbox sandbox, String main, Path yaml, String name) throws Exception {
        return ChildService.start(main, yaml, null, "FERRY_IT_UNUSED", "-",
                sandbox.directory().resolve(name + "-" + main.substring(main.lastIndexOf('.') + 1) + "-" + System.nanoTime() + ".log"));
    }

    private static long count(Sandbox sandbox, String db, String schema) throws Exception {
        try (Connection c = sandbox.postgres().connect(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM " + schema + ".ledger")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> rows(Sandbox sandbox, String db, String schema) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = sandbox.postgres().connect(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id || ':' || v || ':' || coalesce(md5(big), '-') FROM " + schema + ".ledger ORDER BY id")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
