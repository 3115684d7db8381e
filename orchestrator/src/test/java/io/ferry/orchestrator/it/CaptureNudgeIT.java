package io.ferry.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.capture.engine.SourceEngines;
import io.ferry.core.config.SourceKind;
import io.ferry.core.event.BinlogFilePosition;
import io.ferry.orchestrator.cutover.CaptureNudge;
import io.ferry.sandbox.Sandbox;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The drain's nudge against a real, read-only MariaDB: capture's account rotates the binary log (one more file); an
 * account without RELOAD is refused, which the nudge reports and which changes nothing.
 */
class CaptureNudgeIT {

    private static final Sandbox SANDBOX = Sandbox.shared();
    private static final String CAPTURE = "nudge_capture";
    private static final String CAPTURE_PASSWORD = "nudge-Pw-7";
    private static final String PLAIN = "nudge_plain";
    private static final String PLAIN_PASSWORD = "plain-Pw-8";

    private static long binaryLogs() throws SQLException {
        long n = 0;
        try (Connection c = SANDBOX.mariadb().connect(""); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW BINARY LOGS")) {
            while (rs.next()) {
                n++;
            }
        }
        return n;
    }

    private static void readOnly(boolean on) throws SQLException {
        try (Connection c = SANDBOX.mariadb().connect(""); Statement s = c.createStatement()) {
            s.execute("SET GLOBAL read_only = " + (on ? 1 : 0));
        }
    }

    private static CaptureNudge nudgeAs(String user, String password) {
        return CaptureNudge.of(SourceEngines.of(SourceKind.MARIADB), () -> DriverManager.getConnection(SANDBOX.mariadb().jdbcUrl(""), user, password),
                Duration.ofMillis(200));
    }

    @Test
    void capturesAccountRotatesTheLogOfAReadOnlySourceAndOneWithoutReloadIsRefused() throws Exception {
        SANDBOX.mariadb().createCaptureUser(CAPTURE, CAPTURE_PASSWORD);
        try (Connection c = SANDBOX.mariadb().connect(""); Statement s = c.createStatement()) {
            s.execute("CREATE USER IF NOT EXISTS '" + PLAIN + "'@'%' IDENTIFIED BY '" + PLAIN_PASSWORD + "'");
            s.execute("GRANT SELECT, BINLOG MONITOR ON *.* TO '" + PLAIN + "'@'%'"); // it may read the log's position, not rotate it
        }
        readOnly(true);
        try {
            long before = binaryLogs();
            CaptureNudge nudge = nudgeAs(CAPTURE, CAPTURE_PASSWORD);
            CaptureNudge.Nudged nudged = nudge.run();
            assertThat(nudged.line()).startsWith("capture had not confirmed the watermark after 250 ms: ran FLUSH BINARY LOGS (the log ended at binlog.");
            assertThat(binaryLogs()).isEqualTo(before + 1);
            // An offset in the new file is past the log's end; one at the end's file and an earlier position is not.
            BinlogFilePosition end = (BinlogFilePosition) nudged.logEnd();
            String next = String.format("%s.%06d", end.base(), end.sequence() + 1);
            assertThat(nudge.passed(Map.of("file", next, "pos", 4L), nudged)).isTrue();
            assertThat(nudge.passed(Map.of("file", end.file(), "pos", end.offset() - 1), nudged)).isFalse();

            CaptureNudge.Nudged refused = nudgeAs(PLAIN, PLAIN_PASSWORD).run();
            assertThat(refused.line()).startsWith("could not run FLUSH BINARY LOGS (").contains("RELOAD").doesNotContain(PLAIN_PASSWORD);
            assertThat(refused.logEnd()).isNull();
            assertThat(binaryLogs()).isEqualTo(before + 1);
        } finally {
            readOnly(false);
        }
    }
}
