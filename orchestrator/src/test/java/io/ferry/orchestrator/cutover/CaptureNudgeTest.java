package io.ferry.orchestrator.cutover;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.capture.engine.SourceEngines;
import io.ferry.core.config.SourceKind;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** When the drain nudges capture, with what, and what it reports when the source refuses. */
class CaptureNudgeTest {

    @Test
    void binlogSourcesRotateTheLogOnceCapturesHeartbeatIntervalHasPassed() {
        for (SourceKind kind : new SourceKind[] {SourceKind.MARIADB, SourceKind.MYSQL}) {
            CaptureNudge nudge = CaptureNudge.of(SourceEngines.of(kind), () -> null, Duration.ofMillis(200));
            assertThat(nudge).as(kind.name()).isNotNull();
            assertThat(nudge.due(Duration.ofMillis(200))).isFalse();
            assertThat(nudge.due(Duration.ofMillis(249))).isFalse();
            assertThat(nudge.due(Duration.ofMillis(250))).isTrue();
            assertThat(nudge.describe()).contains("FLUSH BINARY LOGS", "250 ms");
        }
    }

    @Test
    void aPostgresSourceNeedsNone() {
        // Its capture's heartbeat writes a WAL message itself (heartbeat.action.query).
        assertThat(CaptureNudge.of(SourceEngines.of(SourceKind.POSTGRESQL), () -> null, Duration.ofMillis(200))).isNull();
    }

    @Test
    void aRefusalIsReportedAndLeavesTheDrainWaiting() {
        CaptureNudge nudge = CaptureNudge.of(SourceEngines.of(SourceKind.MARIADB), () -> {
            throw new SQLException("Access denied; you need (at least one of) the RELOAD privilege(s) for this operation");
        }, Duration.ofMillis(1000));
        CaptureNudge.Nudged refused = nudge.run();
        assertThat(refused.line()).startsWith("could not run FLUSH BINARY LOGS (Access denied").contains("RELOAD", "next heartbeat");
        assertThat(refused.logEnd()).isNull();
        assertThat(nudge.passed(java.util.Map.of("file", "binlog.000009", "pos", 4L), refused)).as("nothing to be past").isFalse();
    }
}
