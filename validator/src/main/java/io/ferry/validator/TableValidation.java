package io.ferry.validator;

import io.ferry.core.fault.FaultPoints;
import io.ferry.validator.sql.RowHash;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates one table: plans its segments (or takes the plan of a checkpoint or of the last clean pass), checks
 * the segments not finished yet on the run's pools and executors, rechecks differences in live mode, and
 * records each finished segment and the verdict in the checkpoint.
 */
final class TableValidation {

    private static final Logger LOG = LoggerFactory.getLogger(TableValidation.class);

    /** What a run shares between its tables. */
    record Run(Side source, Side target, ValidationOptions options, SidePool sourcePool, SidePool targetPool, ExecutorService segments,
               ExecutorService targetSide, RateLimiter rate, Checkpoint checkpoint, Progress progress, LiveRecheck live, FaultPoints faults,
               Lookup3Probe sourceLookup3, Lookup3Probe targetLookup3) {
    }

    private final Run run;
    private final ValidatedTable table;
    private final RangeReader src;
    private final RangeReader tgt;
    private final Bisector bisector;
    /** Whether segments are summed per key bucket from the start: once one of the table's segments differed ({@link TablePair}). */
    private final AtomicBoolean byBucket = new AtomicBoolean();

    TableValidation(Run run, ValidatedTable table) throws SQLException {
        this.run = run;
        this.table = table;
        RowHash rowHash = RangeReader.rowHash(run.source(), run.sourceLookup3(), run.targetLookup3());
        this.src = new RangeReader(run.source(), table, rowHash);
        this.tgt = new RangeReader(run.target(), table, rowHash);
        this.bisector = new Bisector(run.options().rowDiffRows());
    }

    /**
     * @param givenPlan the segments of the last clean pass, or null to plan (or resume) the table
     * @param only      the indexes of the segments to check, or null for all
     */
    TableReport validate(List<KeyRange> givenPlan, Set<Integer> only) throws SQLException, InterruptedException {
        run.progress().table(table.name());
        if (!table.hasKey()) {
            return TableReport.notValidated(table.name(), "no primary key on the target, and no unique index to stand in for it",
                    table.unmatchedColumns());
        }
        Checkpoint.TableState state = only == null ? run.checkpoint().table(table.name()) : null;
        if (state != null && state.report() != null) {
            LOG.info("{}: finished in an earlier run, taking its verdict from the checkpoint", table.name());
            return state.report();
        }
        List<KeyRange> plan;
        long sourceRows;
        // Each segment's check, by its index in the plan.
        Map<Integer, Future<Checkpoint.SegmentVerdict>> running = new LinkedHashMap<>();
        if (givenPlan != null) {
            plan = givenPlan;
            sourceRows = 0;
        } else if (state != null) {
            plan = state.segments();
            sourceRows = state.sourceRows();
            LOG.info("{}: resuming at {} of {} segments", table.name(), state.finished().size(), plan.size());
        } else {
            // A new plan: each segment is checked as soon as the sample gives its range.
            try (Connection c = run.sourcePool().borrow()) {
                long estimate = src.rowEstimate(c);
                // The progress counts the estimate while segments finish during the sample, then the plan's rows.
                run.progress().addTotal(estimate, 0);
                SegmentPlanner.Plan p = plan(c, estimate, range -> running.put(running.size(), run.segments().submit(() -> check(range))));
                run.progress().addTotal(-estimate, 0);
                plan = p.ranges();
                sourceRows = p.rows();
            } catch (SQLException | RuntimeException e) {
                running.values().forEach(f -> f.cancel(true));
                throw e;
            }
            run.checkpoint().plan(table.name(), plan, sourceRows);
        }
        Map<Integer, Checkpoint.SegmentVerdict> verdicts = new TreeMap<>(state == null ? Map.of() : state.finished());
        List<Integer> todo = new ArrayList<>();
        for (int i = 0; i < plan.size(); i++) {
            if (!verdicts.containsKey(i) && (only == null || only.contains(i))) {
                todo.add(i);
            }
        }
        run.progress().addTotal(only == null ? sourceRows : 0, todo.size() + verdicts.size());
        verdicts.values().forEach(v -> run.progress().segmentDone(v.sourceRows())); // finished before a crash
        for (int i : todo) {
            if (!running.containsKey(i)) {
                KeyRange range = plan.get(i);
                running.put(i, run.segments().submit(() -> check(range)));
            }
        }
        for (var e : running.entrySet()) {
            Checkpoint.SegmentVerdict v = TablePair.await(e.getValue());
            verdicts.put(e.getKey(), v);
            if (only == null) {
                run.checkpoint().finished(table.name(), e.getKey(), v);
                run.faults().reached("validator.segment-finished");
            }
        }
        int rechecked = run.live().converge(table.name(), verdicts, this::diffKeys);
        long srcRows = verdicts.values().stream().mapToLong(Checkpoint.SegmentVerdict::sourceRows).sum();
        long tgtRows = verdicts.values().stream().mapToLong(Checkpoint.SegmentVerdict::targetRows).sum();
        List<Difference> diffs = Checkpoint.all(verdicts);
        int mismatched = (int) verdicts.values().stream().filter(v -> !v.differences().isEmpty()).count();
        boolean equal = diffs.isEmpty() && table.unmatchedColumns().isEmpty();
        TableReport report = new TableReport(table.name(), equal ? TableReport.Status.EQUAL : TableReport.Status.DIFFERENT,
                srcRows, tgtRows, plan, mismatched, rechecked, diffs,
                only == null ? null : "checked " + todo.size() + " touched segments of " + plan.size(), table.unmatchedColumns());
        if (only == null) {
            run.checkpoint().report(table.name(), report);
        }
        return report;
    }

    /**
     * Plans the table's segments from a sample of its keys, taken where it reads least: on a side that samples by block
     * (a PostgreSQL source, or else a PostgreSQL target whose catalog counts at least half the source's rows, as after
     * the copy), which reads only the blocks it samples; otherwise on the source, whose sample reads every row, and, on
     * a MariaDB source whose buffer pool holds less than the table, each page once more than the segments do.
     */
    private SegmentPlanner.Plan plan(Connection sc, long estimate, Consumer<KeyRange> onRange) throws SQLException {
        long segmentRows = run.options().segmentRows();
        SegmentPlanner.Counter count = () -> src.count(sc);
        if (src.samplesBlocks() || !tgt.samplesBlocks()) {
            return SegmentPlanner.plan(estimate, segmentRows, (fraction, keys) -> src.sample(sc, fraction, keys), count, onRange);
        }
        try (Connection tc = run.targetPool().borrow()) {
            boolean onTarget = estimate > 0 && 2 * tgt.rowEstimate(tc) >= estimate;
            RangeReader side = onTarget ? tgt : src;
            Connection c = onTarget ? tc : sc;
            return SegmentPlanner.plan(estimate, segmentRows, (fraction, keys) -> side.sample(c, fraction, keys), count, onRange);
        }
    }

    /**
     * The final check of a table at cutover when few of its rows changed since the last clean pass: the rows of the
     * changed keys, read by key on both sides at once and compared value by value. Every other row is as the clean pass
     * found it, exactly as the segments that hold no changed key are.
     *
     * @param plan the segments of the last clean pass, carried into the report for the next pass
     */
    TableReport validateKeys(List<KeyRange> plan, List<List<String>> keys) throws SQLException, InterruptedException {
        run.progress().table(table.name());
        List<Difference> diffs = diffKeys(keys);
        boolean equal = diffs.isEmpty() && table.unmatchedColumns().isEmpty();
        return new TableReport(table.name(), equal ? TableReport.Status.EQUAL : TableReport.Status.DIFFERENT,
                keys.size(), keys.size(), plan, diffs.isEmpty() ? 0 : 1, 0, diffs,
                "checked the " + keys.size() + " touched rows by key", table.unmatchedColumns());
    }

    /** The rows of these keys read on both sides at once and compared value by value. */
    private List<Difference> diffKeys(List<List<String>> keys) throws SQLException, InterruptedException {
        try (Connection sc = run.sourcePool().borrow(); Connection tc = run.targetPool().borrow()) {
            Future<Map<List<String>, List<String>>> onTarget = run.targetSide().submit(() -> tgt.rows(tc, keys));
            Map<List<String>, List<String>> sourceRows = src.rows(sc, keys);
            return RowDiff.diff(table, sourceRows, TablePair.await(onTarget));
        }
    }

    /** One segment on a connection of each side. */
    private Checkpoint.SegmentVerdict check(KeyRange range) throws SQLException, InterruptedException {
        try (Connection sc = run.sourcePool().borrow(); Connection tc = run.targetPool().borrow()) {
            Checkpoint.SegmentVerdict v = new TablePair(src, tgt, sc, tc, run.targetSide(), run.rate(), run.options().segmentRows(), byBucket)
                    .check(range, bisector);
            run.progress().segmentDone(v.sourceRows());
            return v;
        }
    }
}
