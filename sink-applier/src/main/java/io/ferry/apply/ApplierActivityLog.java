package io.ferry.apply;

import java.util.function.Consumer;

/**
 * What the applier says in its log while it runs, worked out from {@link ApplierStats} at each tick:
 * the first batch committed, then a summary every minute (rows applied and their rate, batches, lag,
 * dead letters), so that a quiet log still shows the applier alive. Pure: the caller supplies the time
 * and where the lines go.
 */
public final class ApplierActivityLog {

    static final long SUMMARY_INTERVAL_MS = 60_000;

    private final String pipeline;
    private final ApplierStats stats;
    private final Consumer<String> out;
    private boolean firstBatchLogged;
    private long lastSummaryAt;
    private long lastSummaryRows;
    private long lastSummaryBatches;

    public ApplierActivityLog(String pipeline, ApplierStats stats, long nowMillis, Consumer<String> out) {
        this.pipeline = pipeline;
        this.stats = stats;
        this.out = out;
        this.lastSummaryAt = nowMillis;
    }

    public void tick(long now) {
        long rows = rows();
        if (!firstBatchLogged && stats.batches() > 0) {
            firstBatchLogged = true;
            out.accept(String.format("applier of pipeline %s: first batch committed (%,d rows)", pipeline, rows));
        }
        if (now - lastSummaryAt >= SUMMARY_INTERVAL_MS) {
            long lag = stats.lastLagMillis();
            long seconds = (now - lastSummaryAt) / 1000;
            out.accept(String.format("applier of pipeline %s: %,d rows applied in the last %d s (%,.0f/s) in %,d batches, lag %s, "
                            + "%,d dead letters since start", pipeline, rows - lastSummaryRows, seconds,
                    (rows - lastSummaryRows) * 1000.0 / (now - lastSummaryAt), stats.batches() - lastSummaryBatches,
                    lag < 0 ? "-" : String.format("%.1f s", lag / 1000.0), stats.deadLetters())
                    + (stats.deadLetters() > 0 ? " (ferry dlq list shows them; a cutover is refused until they are replayed)" : ""));
            lastSummaryAt = now;
            lastSummaryRows = rows;
            lastSummaryBatches = stats.batches();
        }
    }

    private long rows() {
        return stats.appliedRows().values().stream().mapToLong(Long::longValue).sum();
    }
}
