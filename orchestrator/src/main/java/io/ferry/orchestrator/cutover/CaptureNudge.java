package io.ferry.orchestrator.cutover;

import io.ferry.capture.engine.SourceEngine;
import io.ferry.orchestrator.migration.Connections;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * Part of the drain: once capture's heartbeat interval has passed without capture confirming the watermark, makes the
 * frozen source write an event to its log ({@link SourceEngine#logEventStatement}, a binary log rotation on MariaDB
 * and MySQL), once. Capture's stored position counts the last transaction before the freeze as done only with an event
 * read after it; without this one that is the server's next heartbeat, up to 0.8 s later. If the statement fails (an
 * account without RELOAD) the drain waits for that heartbeat, as before.
 */
public final class CaptureNudge {

    /** Time past the heartbeat interval, so that capture's last heartbeat before the drain is surely that old. */
    static final Duration MARGIN = Duration.ofMillis(50);

    private final Connections source;
    private final String statement;
    private final Duration after;

    CaptureNudge(Connections source, String statement, Duration after) {
        this.source = source;
        this.statement = statement;
        this.after = after;
    }

    /** The nudge for a source, or null for an engine that needs none. */
    public static CaptureNudge of(SourceEngine engine, Connections source, Duration captureHeartbeat) {
        return engine.logEventStatement().map(s -> new CaptureNudge(source, s, captureHeartbeat.plus(MARGIN))).orElse(null);
    }

    /** Whether the drain, having waited this long for capture, should nudge it now. */
    public boolean due(Duration waited) {
        return waited.compareTo(after) >= 0;
    }

    /** Runs the statement; the drain's report line, success or not. */
    public String run() {
        try (Connection c = source.open(); Statement s = c.createStatement()) {
            s.execute(statement);
            return "capture had not confirmed the watermark after " + after.toMillis() + " ms: ran " + statement
                    + " so that it reads an event and records its position";
        } catch (SQLException e) {
            return "could not run " + statement + " (" + e.getMessage() + "): capture confirms the watermark with the source's next heartbeat";
        }
    }

    /** What the dry run says of it. */
    public String describe() {
        return "would run " + statement + " if capture has not confirmed the watermark after " + after.toMillis() + " ms";
    }
}
