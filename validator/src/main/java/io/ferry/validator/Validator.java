package io.ferry.validator;

import io.ferry.core.fault.FaultPoints;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Proves a source and a target table equal, or names every row that differs, without moving rows
 * while the sides agree. Each table is cut into key ranges of about {@code segmentRows} rows from a
 * sample of the source's keys ({@link SegmentPlanner}); each side computes a row count and hash sums
 * per range in the database; a range whose sums differ is cut again until it is small, and then
 * compared row by row ({@link Bisector}, {@link TablePair}).
 *
 * <p>In live mode a range that differs is checked again once the applier has passed the source
 * position at which the difference was seen ({@link LiveRecheck}). With a checkpoint file a crashed
 * run continues from its last finished segment.
 *
 * <p>The coordinator's final check calls {@link #runTouched} with the keys changed since the last
 * clean pass: only the segments holding them are checked.
 */
public final class Validator implements AutoCloseable {

    private final Progress progress = new Progress();
    private final ExecutorService segments;
    private final ExecutorService targetSide;
    private final SidePool sourcePool;
    private final SidePool targetPool;
    private final TableValidation.Run run;

    /** @param convergence live mode's view of the pipeline; null for a one-pass run */
    public Validator(Side source, Side target, ValidationOptions options, Convergence convergence) {
        this.segments = Executors.newFixedThreadPool(options.concurrency(), r -> daemon(r, "ferry-validate-segment"));
        this.targetSide = Executors.newFixedThreadPool(options.concurrency(), r -> daemon(r, "ferry-validate-target"));
        this.sourcePool = new SidePool(source, options.concurrency() + 1);
        try {
            this.targetPool = new SidePool(target, options.concurrency() + 1);
        } catch (RuntimeException e) {
            sourcePool.close();
            throw e;
        }
        this.run = new TableValidation.Run(source, target, options, sourcePool, targetPool, segments, targetSide,
                new RateLimiter(options.rowsPerSecond()), Checkpoint.open(options.checkpoint()), progress,
                new LiveRecheck(convergence, options.convergenceTimeout()), FaultPoints.fromSystemProperty(), Lookup3Probe.of(sourcePool),
                Lookup3Probe.of(targetPool));
    }

    public Progress progress() {
        return progress;
    }

    /** Checks every table in full. */
    public ValidationReport run(List<ValidatedTable> tables) throws SQLException, InterruptedException {
        long start = System.nanoTime();
        List<TableReport> reports = new ArrayList<>();
        for (ValidatedTable t : tables) {
            reports.add(new TableValidation(run, t).validate(null, null));
        }
        return new ValidationReport(reports, (System.nanoTime() - start) / 1_000_000L);
    }

    /**
     * Checks only the segments of the last clean pass that hold a key changed since: the final check at
     * cutover. A table the last pass did not cover is checked in full.
     *
     * @param touched per table (its {@link ValidatedTable#name()}), the keys changed since the last clean pass; a table
     *                mapped to null (truncated) is checked in full
     */
    public ValidationReport runTouched(List<ValidatedTable> tables, ValidationReport lastClean, Map<String, Set<List<String>>> touched)
            throws SQLException, InterruptedException {
        long start = System.nanoTime();
        Map<String, TableReport> last = new LinkedHashMap<>();
        lastClean.tables().forEach(r -> last.put(r.table(), r));
        List<TableReport> reports = new ArrayList<>();
        for (ValidatedTable t : tables) {
            TableReport before = last.get(t.name());
            boolean truncated = touched.containsKey(t.name()) && touched.get(t.name()) == null;
            TableValidation v = new TableValidation(run, t);
            if (before == null || truncated || before.status() != TableReport.Status.EQUAL || before.segments().isEmpty()) {
                reports.add(v.validate(null, null));
                continue;
            }
            KeyOrder order = new KeyOrder(t.keyColumns());
            Set<List<String>> keys = touched.getOrDefault(t.name(), Set.of());
            Set<Integer> only = new TreeSet<>();
            for (List<String> key : keys) {
                only.add(order.segmentOf(before.segments(), key));
            }
            if (!keys.isEmpty() && byKeys(keys.size(), only.size(), before)) {
                reports.add(v.validateKeys(before.segments(), keys.stream().sorted(order).toList()));
            } else {
                reports.add(v.validate(before.segments(), only));
            }
        }
        return new ValidationReport(reports, (System.nanoTime() - start) / 1_000_000L);
    }

    /**
     * Whether the touched rows are cheaper to read by key than their segments to hash: a row read by key costs the
     * databases about as much as hashing {@value #ROWS_PER_KEY_READ} rows of a range.
     */
    static boolean byKeys(int keys, int touchedSegments, TableReport lastClean) {
        long rowsInTouched = lastClean.segments().isEmpty() ? 0
                : Math.max(1, lastClean.sourceRows()) * touchedSegments / lastClean.segments().size();
        return (long) keys * ROWS_PER_KEY_READ <= rowsInTouched;
    }

    private static final int ROWS_PER_KEY_READ = 20;

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void close() {
        segments.shutdownNow();
        targetSide.shutdownNow();
        sourcePool.close();
        targetPool.close();
    }
}
