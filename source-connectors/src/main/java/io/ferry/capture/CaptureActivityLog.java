package io.ferry.capture;

import io.ferry.core.schema.TableId;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * What capture says in its log while it runs, worked out from {@link CaptureStats} at each tick (one
 * a second): when the snapshot starts, its progress every 10 s (rows per table, rate), its end, the
 * first change streamed, and a summary every minute (events per second, position), so that an
 * operator reading the log can tell a slow snapshot from a stalled one and a quiet source from a
 * stopped capture. Pure: the caller supplies the time and where the lines go.
 */
public final class CaptureActivityLog {

    static final long PROGRESS_INTERVAL_MS = 10_000;
    static final long SUMMARY_INTERVAL_MS = 60_000;

    private final String pipeline;
    private final CaptureStats stats;
    private final Consumer<String> out;
    private final long startedAt;

    private long snapshotStartedAt = -1;
    private boolean snapshotEndLogged;
    private boolean firstChangeLogged;
    private long lastProgressAt;
    private long lastProgressRows;
    private long lastSummaryAt;
    private long lastSummaryEvents;

    public CaptureActivityLog(String pipeline, CaptureStats stats, long nowMillis, Consumer<String> out) {
        this.pipeline = pipeline;
        this.stats = stats;
        this.out = out;
        this.startedAt = nowMillis;
        this.lastProgressAt = nowMillis;
        this.lastSummaryAt = nowMillis;
    }

    public void tick(long now) {
        Map<TableId, Long> rows = stats.snapshotRows();
        long snapshotRows = rows.values().stream().mapToLong(Long::longValue).sum();
        if (snapshotStartedAt < 0 && snapshotRows > 0) {
            snapshotStartedAt = now;
            out.accept("capture of pipeline " + pipeline + ": snapshot started");
        }
        if (snapshotStartedAt >= 0 && !stats.streaming() && now - lastProgressAt >= PROGRESS_INTERVAL_MS) {
            out.accept(String.format("capture of pipeline %s: snapshot at %,d rows (%s), %s rows/s", pipeline, snapshotRows,
                    perTable(rows), rate(snapshotRows - lastProgressRows, now - lastProgressAt)));
            lastProgressAt = now;
            lastProgressRows = snapshotRows;
        }
        if (stats.streaming() && !snapshotEndLogged) {
            snapshotEndLogged = true;
            if (snapshotStartedAt >= 0) {
                long took = now - snapshotStartedAt;
                out.accept(String.format("capture of pipeline %s: snapshot finished, %,d rows of %d tables in %.1f s (%s rows/s)",
                        pipeline, snapshotRows, rows.size(), took / 1000.0, rate(snapshotRows, took)));
            }
        }
        if (stats.streamedEvents() > 0 && !firstChangeLogged) {
            firstChangeLogged = true;
            out.accept("capture of pipeline " + pipeline + ": first change streamed, position " + position());
        }
        if (now - lastSummaryAt >= SUMMARY_INTERVAL_MS) {
            long events = stats.streamedEvents();
            out.accept(String.format("capture of pipeline %s: %,d changes in the last %d s (%s/s), %,d snapshot rows, %s, position %s, up %d s",
                    pipeline, events - lastSummaryEvents, (now - lastSummaryAt) / 1000, rate(events - lastSummaryEvents, now - lastSummaryAt),
                    snapshotRows, stats.streaming() ? "streaming" : "in snapshot", position(), (now - startedAt) / 1000));
            lastSummaryAt = now;
            lastSummaryEvents = events;
        }
    }

    private String position() {
        Map<String, ?> offset = stats.lastAckedOffset();
        if (offset.isEmpty()) {
            return "none yet";
        }
        Map<String, Object> shown = new TreeMap<>();
        for (String k : new String[] {"gtids", "file", "pos", "lsn"}) {
            if (offset.get(k) != null) {
                shown.put(k, offset.get(k));
            }
        }
        return shown.isEmpty() ? offset.toString() : shown.toString();
    }

    private static String perTable(Map<TableId, Long> rows) {
        StringBuilder sb = new StringBuilder();
        rows.forEach((t, n) -> sb.append(sb.length() == 0 ? "" : ", ").append(t).append(' ').append(String.format("%,d", n)));
        return sb.toString();
    }

    private static String rate(long count, long millis) {
        return millis <= 0 ? "-" : String.format("%,.0f", count * 1000.0 / millis);
    }
}
