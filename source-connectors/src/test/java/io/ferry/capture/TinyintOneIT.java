package io.ferry.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ferry.core.config.ConfigLoader;
import io.ferry.core.config.PipelineConfig;
import io.ferry.core.schema.TableId;
import io.ferry.sandbox.Sandbox;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A TINYINT(1) column carried as boolean (the default {@code types.tinyint1: boolean}) whose value is neither 0 nor 1
 * stops capture with the table, column, value and position named, by the snapshot and by the binlog alike. Debezium on
 * its own would carry such a value as NULL (binlog) or as true (snapshot), silently.
 */
class TinyintOneIT {

    private final Sandbox sandbox = Sandbox.shared();

    @Test
    void aTwoInTheSnapshotStopsCaptureNamingTableColumnAndPosition() throws Exception {
        String db = "tinyint_snap";
        try (Connection c = sandbox.mariadb().connect(""); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + db);
            s.execute("CREATE TABLE " + db + ".flags (id INT PRIMARY KEY, flag TINYINT(1) NOT NULL)");
            s.execute("INSERT INTO " + db + ".flags VALUES (1, 0), (2, 1), (3, 2)");
        }
        try (CaptureService capture = new CaptureService(config(db, 7101)).start()) {
            await().atMost(Duration.ofSeconds(90)).until(() -> capture.failure() != null);
            assertThat(capture.failure()).isInstanceOf(UnsupportedValueException.class)
                    .hasMessageContaining(db + ".flags.flag").hasMessageContaining("TINYINT(1) value 2")
                    .hasMessageContaining(" at ").hasMessageContaining("smallint");
            assertThat(capture.stats().snapshotRows().getOrDefault(TableId.of(db, "flags"), 0L))
                    .as("the batch holding the 2 was not delivered").isLessThan(3);
        }
    }

    @Test
    void aTwoFromTheBinlogStopsCaptureNamingTableColumnAndPosition() throws Exception {
        String db = "tinyint_binlog";
        try (Connection c = sandbox.mariadb().connect(""); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + db);
            s.execute("CREATE TABLE " + db + ".flags (id INT PRIMARY KEY, flag TINYINT(1))");
            s.execute("INSERT INTO " + db + ".flags VALUES (1, 0), (2, 1)");
        }
        try (CaptureService capture = new CaptureService(config(db, 7102)).start()) {
            await().atMost(Duration.ofSeconds(90)).until(() -> capture.stats().snapshotRows().getOrDefault(TableId.of(db, "flags"), 0L) == 2);
            try (Connection c = sandbox.mariadb().connect(db); Statement s = c.createStatement()) {
                s.execute("INSERT INTO flags VALUES (3, 1)");
                s.execute("UPDATE flags SET flag = 2 WHERE id = 3");
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> capture.failure() != null);
            assertThat(capture.failure()).isInstanceOf(UnsupportedValueException.class)
                    .hasMessageContaining(db + ".flags.flag").hasMessageContaining("TINYINT(1) value 2")
                    .hasMessageMatching("(?s).* at [^ ]*binlog\\.\\d+.*").hasMessageContaining("smallint");
        }
    }

    private PipelineConfig config(String db, int serverId) {
        sandbox.mariadb().createCaptureUser("ferry_tiny", "tinyint-it-pw");
        return ConfigLoader.parse("""
                name: %s
                source: {kind: mariadb, host: 127.0.0.1, port: %d, user: ferry_tiny, password: tinyint-it-pw, database: %s, serverId: %d}
                target: {kind: postgresql, host: 127.0.0.1, database: unused, user: unused}
                kafka: {bootstrapServers: "%s", topicPrefix: %s}
                capture: {heartbeatIntervalMs: 200, snapshotMode: initial}
                """.formatted(db, sandbox.mariadb().port(), db, serverId, sandbox.kafka().bootstrapServers(), db),
                db + ".yaml", System::getenv, null);
    }
}
