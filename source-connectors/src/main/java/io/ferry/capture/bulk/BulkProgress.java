package io.ferry.capture.bulk;

import io.ferry.core.schema.TableId;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * How far a bulk load has got: rows copied per table against the rows planned (the key count when the plan was made),
 * the rate since the start and the time left at that rate. Thread-safe; the clock is given so it can be tested.
 */
public final class BulkProgress {

    private record Table(long planned, AtomicLong copied) {
    }

    private final Map<TableId, Table> tables = new LinkedHashMap<>();
    private final LongSupplier nanoClock;
    private final long startNanos;
    private final AtomicLong copiedThisRun = new AtomicLong();

    public BulkProgress(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.startNanos = nanoClock.getAsLong();
    }

    /** Declares a table: rows planned in all, and rows already copied by an earlier run. */
    public synchronized void table(TableId t, long planned, long alreadyCopied) {
        tables.put(t, new Table(planned, new AtomicLong(alreadyCopied)));
    }

    /** Counts rows of a committed chunk. */
    public void copied(TableId t, long rows) {
        Table table;
        synchronized (this) {
            table = tables.get(t);
        }
        table.copied().addAndGet(rows);
        copiedThisRun.addAndGet(rows);
    }

    /** Rows copied per table, by this run and earlier ones. */
    public synchronized Map<TableId, Long> copiedPerTable() {
        Map<TableId, Long> m = new LinkedHashMap<>();
        tables.forEach((t, v) -> m.put(t, v.copied().get()));
        return m;
    }

    public synchronized long planned() {
        return tables.values().stream().mapToLong(Table::planned).sum();
    }

    public synchronized long copied() {
        return tables.values().stream().mapToLong(t -> t.copied().get()).sum();
    }

    /** Rows per second copied by this run. */
    public double rowsPerSecond() {
        double seconds = (nanoClock.getAsLong() - startNanos) / 1e9;
        return seconds <= 0 ? 0 : copiedThisRun.get() / seconds;
    }

    /** Percent of a table copied; 100 for an empty table. Rows written after the plan may take it past 100. */
    public synchronized int percent(TableId t) {
        Table table = tables.get(t);
        return table.planned() == 0 ? 100 : (int) Math.min(100, table.copied().get() * 100 / table.planned());
    }

    /** Time left at the current rate, or null before any row was copied. */
    public Duration eta() {
        double rate = rowsPerSecond();
        if (rate <= 0) {
            return null;
        }
        long left = Math.max(0, planned() - copied());
        return Duration.ofMillis((long) (left / rate * 1000));
    }

    /** One line: total percent, rate, ETA, then each unfinished table's percent. */
    public synchronized String line() {
        long planned = planned();
        long copied = copied();
        StringBuilder sb = new StringBuilder("bulk load ");
        sb.append(planned == 0 ? 100 : Math.min(100, copied * 100 / planned)).append("% (")
                .append(copied).append('/').append(planned).append(" rows), ")
                .append(Math.round(rowsPerSecond())).append(" rows/s, ETA ");
        Duration eta = eta();
        sb.append(eta == null ? "unknown" : formatDuration(eta));
        Map<TableId, Integer> open = new LinkedHashMap<>();
        tables.forEach((t, v) -> {
            int p = percent(t);
            if (p < 100) {
                open.put(t, p);
            }
        });
        if (!open.isEmpty()) {
            sb.append("; ");
            open.forEach((t, p) -> sb.append(t.table()).append(' ').append(p).append("% "));
        }
        return sb.toString().trim();
    }

    static String formatDuration(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format("%dh%02dm", s / 3600, (s % 3600) / 60)
                : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
