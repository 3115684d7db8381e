package io.ferry.orchestrator.cutover;

import io.ferry.capture.engine.SourceEngine;
import io.ferry.core.event.LogPosition;
import io.ferry.orchestrator.migration.Connections;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Part of the drain: once capture's heartbeat interval has passed without capture confirming the watermark, makes the
 * frozen source write an event to its log ({@link SourceEngine#logEvent}, a binary log rotation on MariaDB and MySQL),
 * once. Capture's stored position counts the last transaction before the freeze as done only with an event read after
 * it: without this one that is the server's next heartbeat, up to 0.8 s later, and where that transaction was DDL on a
 * table capture does not follow, not even then. Capture is then past the watermark as soon as it has read past where
 * the log ended before the event ({@link SourceEngine#readPast}). If the source refuses (an account without RELOAD),
 * the drain waits as before and its report says why.
 */
public final class CaptureNudge {

    /** Time past the heartbeat interval, so that capture's last heartbeat before the drain is surely that old. */
    static final Duration MARGIN = Duration.ofMillis(50);

    private final SourceEngine engine;
    private final Connections source;
    private final String statement;
    private final Duration after;

    /**
     * What one nudge did: the drain's report line, and where the source's log ended just before its event (null when
     * the source refused). Kept by the drain that ran it: a plan, and with it this nudge, serves every cutover of a
     * migration.
     */
    public record Nudged(String line, LogPosition logEnd) {
    }

    private CaptureNudge(SourceEngine engine, Connections source, String statement, Duration after) {
        this.engine = engine;
        this.source = source;
        this.statement = statement;
        this.after = after;
    }

    /** The nudge of a drain, or null for an engine that needs none. */
    public static CaptureNudge of(SourceEngine engine, Connections source, Duration captureHeartbeat) {
        return engine.logEventStatement().map(s -> new CaptureNudge(engine, source, s, captureHeartbeat.plus(MARGIN))).orElse(null);
    }

    /** Whether the drain, having waited this long for capture, should nudge it now (once). */
    public boolean due(Duration waited) {
        return waited.compareTo(after) >= 0;
    }

    /** Runs the statement: what it did, success or not. */
    public Nudged run() {
        try (Connection c = source.open()) {
            Optional<LogPosition> end = engine.logEvent(c);
            return new Nudged("capture had not confirmed the watermark after " + after.toMillis() + " ms: ran " + statement
                    + end.map(e -> " (the log ended at " + e.text() + ")").orElse("") + " so that it reads an event and records its position",
                    end.orElse(null));
        } catch (SQLException e) {
            return new Nudged("could not run " + statement + " (" + e.getMessage() + "): capture confirms the watermark with the source's next heartbeat",
                    null);
        }
    }

    /** Whether capture's offset shows it read past where the log ended before {@code nudged}'s event. */
    public boolean passed(Map<String, ?> offset, Nudged nudged) {
        return nudged.logEnd() != null && engine.readPast(offset, nudged.logEnd());
    }

    /** What the dry run says of it. */
    public String describe() {
        return "would run " + statement + " if capture has not confirmed the watermark after " + after.toMillis() + " ms";
    }
}
