package io.ferry.validator;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** How far a validation run is: rows checked on the source side against the total, and an ETA. */
public final class Progress {

    private final long startNanos = System.nanoTime();
    private final AtomicLong totalRows = new AtomicLong();
    private final AtomicLong checkedRows = new AtomicLong();
    private final AtomicLong segmentsDone = new AtomicLong();
    private final AtomicLong segmentsTotal = new AtomicLong();
    private volatile String table = "";

    void addTotal(long rows, long segments) {
        totalRows.addAndGet(rows);
        segmentsTotal.addAndGet(segments);
    }

    void segmentDone(long rows) {
        checkedRows.addAndGet(rows);
        segmentsDone.incrementAndGet();
    }

    void table(String name) {
        table = name;
    }

    /** The rows to check: as planned (from the catalog's estimate or a sample, so inexact), never fewer than checked. */
    public long totalRows() {
        return total();
    }

    private long total() {
        return Math.max(totalRows.get(), checkedRows.get());
    }

    public long checkedRows() {
        return checkedRows.get();
    }

    public long segmentsDone() {
        return segmentsDone.get();
    }

    public long segmentsTotal() {
        return segmentsTotal.get();
    }

    public String table() {
        return table;
    }

    /** The time left at the rate so far, or null before there is a rate. */
    public Duration eta() {
        long done = checkedRows.get();
        long total = total();
        if (done == 0 || total == 0) {
            return null;
        }
        long elapsed = System.nanoTime() - startNanos;
        return Duration.ofNanos((long) ((double) elapsed * Math.max(0, total - done) / done));
    }

    public String line() {
        Duration eta = eta();
        long total = total();
        return String.format("validating %s: %,d of %,d rows (%.0f%%), %d of %d segments%s", table, checkedRows.get(), total,
                100.0 * checkedRows.get() / Math.max(1, total), segmentsDone.get(), Math.max(segmentsDone.get(), segmentsTotal.get()),
                eta == null ? "" : ", about " + eta.toSeconds() + " s left");
    }
}
