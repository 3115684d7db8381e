package io.ferry.validator;

import io.ferry.core.fault.FaultPoints;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proves a source and a target table equal, or names every row that differs, without moving rows
 * while the sides agree. Each table is cut into key ranges of about {@code segmentRows} rows from a
 * sample of the source's keys (so skewed keys still give balanced segments); each side computes a
 * row count and hash sums per range in the database; a range whose sums differ is cut again until
 * it is small, and then compared row by row.
 *
 * <p>In live mode a range that differs is checked again once the applier has passed the source
 * position at which the difference was seen, until it agrees, shows exactly the same differences
 * again (they persist), or the convergence timeout passes; only what persists is reported. With a checkpoint file a crashed run continues from its last finished
 * segment.
 *
 * <p>The coordinator's final check calls {@link #runTouched} with the keys changed since the last
 * clean pass: only the segments holding them are checked.
 */
public final class Validator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Validator.class);
    private static final int SPLIT = 8;
    private static final int SAMPLES_PER_SEGMENT = 32;
    /** A range this small whose parts mostly differ is compared row by row at once. */
    private static final long DENSE_ROW_DIFF_ROWS = 50_000;

    private final Side source;
    private final Side target;
    private final ValidationOptions options;
    private final Convergence convergence;
    private final Progress progress = new Progress();
    private final RateLimiter rate;
    private final Checkpoint checkpoint;
    private final ExecutorService segments;
    private final ExecutorService targetSide;
    private final BlockingQueue<Connection> sourcePool;
    private final BlockingQueue<Connection> targetPool;
    private final FaultPoints faults = FaultPoints.fromSystemProperty();

    /** @param convergence live mode's view of the pipeline; null for a one-pass run */
    public Validator(Side source, Side target, ValidationOptions options, Convergence convergence) {
        this.source = source;
        this.target = target;
        this.options = options;
        this.convergence = convergence;
        this.rate = new RateLimiter(options.rowsPerSecond());
        this.checkpoint = Checkpoint.open(options.checkpoint());
        this.segments = Executors.newFixedThreadPool(options.concurrency(), r -> daemon(r, "ferry-validate-segment"));
        this.targetSide = Executors.newFixedThreadPool(options.concurrency(), r -> daemon(r, "ferry-validate-target"));
        this.sourcePool = new ArrayBlockingQueue<>(options.concurrency() + 1);
        this.targetPool = new ArrayBlockingQueue<>(options.concurrency() + 1);
    }

    public Progress progress() {
        return progress;
    }

    /** Checks every table in full. */
    public ValidationReport run(List<ValidatedTable> tables) throws SQLException, InterruptedException {
        long start = System.nanoTime();
        List<TableReport> reports = new ArrayList<>();
        for (ValidatedTable t : tables) {
            reports.add(validate(t, null, null));
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
            if (before == null || truncated || before.status() != TableReport.Status.EQUAL || before.segments().isEmpty()) {
                reports.add(validate(t, null, null));
                continue;
            }
            KeyOrder order = new KeyOrder(t.keyColumns());
            Set<Integer> only = new java.util.TreeSet<>();
            for (List<String> key : touched.getOrDefault(t.name(), Set.of())) {
                only.add(order.segmentOf(before.segments(), key));
            }
            reports.add(validate(t, before.segments(), only));
        }
        return new ValidationReport(reports, (System.nanoTime() - start) / 1_000_000L);
    }

    private TableReport validate(ValidatedTable t, List<KeyRange> givenPlan, Set<Integer> only) throws SQLException, InterruptedException {
        progress.table(t.name());
        if (!t.hasKey()) {
            return TableReport.notValidated(t.name(), "no primary key on the target, and no unique index to stand in for it", t.unmatchedColumns());
        }
        Checkpoint.TableState state = only == null ? checkpoint.table(t.name()) : null;
        if (state != null && state.report() != null) {
            LOG.info("{}: finished in an earlier run, taking its verdict from the checkpoint", t.name());
            return state.report();
        }
        RangeReader src = new RangeReader(source, t);
        RangeReader tgt = new RangeReader(target, t);
        List<KeyRange> plan;
        long sourceRows;
        if (givenPlan != null) {
            plan = givenPlan;
            sourceRows = 0;
        } else if (state != null) {
            plan = state.segments();
            sourceRows = state.sourceRows();
            LOG.info("{}: resuming at {} of {} segments", t.name(), state.finished().size(), plan.size());
        } else {
            Connection c = sourcePool(source, sourcePool);
            try {
                sourceRows = src.count(c);
                plan = plan(src, c, sourceRows);
            } finally {
                sourcePool.add(c);
            }
            checkpoint.plan(t.name(), plan, sourceRows);
        }
        Map<Integer, Checkpoint.SegmentVerdict> verdicts = new TreeMap<>(state == null ? Map.of() : state.finished());
        List<Integer> todo = new ArrayList<>();
        for (int i = 0; i < plan.size(); i++) {
            if (!verdicts.containsKey(i) && (only == null || only.contains(i))) {
                todo.add(i);
            }
        }
        progress.addTotal(only == null ? sourceRows : 0, todo.size() + verdicts.size());
        verdicts.values().forEach(v -> progress.segmentDone(v.sourceRows())); // finished before a crash
        Map<Integer, Future<Checkpoint.SegmentVerdict>> running = new LinkedHashMap<>();
        for (int i : todo) {
            KeyRange range = plan.get(i);
            running.put(i, segments.submit(() -> check(src, tgt, range)));
        }
        for (var e : running.entrySet()) {
            Checkpoint.SegmentVerdict v = await(e.getValue());
            verdicts.put(e.getKey(), v);
            if (only == null) {
                checkpoint.finished(t.name(), e.getKey(), v);
                faults.reached("validator.segment-finished");
            }
        }
        int rechecked = converge(src, tgt, plan, verdicts);
        long srcRows = verdicts.values().stream().mapToLong(Checkpoint.SegmentVerdict::sourceRows).sum();
        long tgtRows = verdicts.values().stream().mapToLong(Checkpoint.SegmentVerdict::targetRows).sum();
        List<Difference> diffs = Checkpoint.all(verdicts);
        int mismatched = (int) verdicts.values().stream().filter(v -> !v.differences().isEmpty()).count();
        boolean equal = diffs.isEmpty() && t.unmatchedColumns().isEmpty();
        TableReport report = new TableReport(t.name(), equal ? TableReport.Status.EQUAL : TableReport.Status.DIFFERENT,
                srcRows, tgtRows, plan, mismatched, rechecked, diffs, only == null ? null : "checked " + todo.size() + " touched segments of " + plan.size(),
                t.unmatchedColumns());
        if (only == null) {
            checkpoint.report(t.name(), report);
        }
        return report;
    }

    /** Key ranges of about {@code segmentRows} source rows each, cut at sampled keys. */
    private List<KeyRange> plan(RangeReader src, Connection c, long rows) throws SQLException {
        if (rows <= options.segmentRows()) {
            return List.of(KeyRange.ALL);
        }
        int wanted = (int) Math.min(1_000_000, (rows + options.segmentRows() - 1) / options.segmentRows());
        double fraction = Math.min(1.0, (double) wanted * SAMPLES_PER_SEGMENT / rows);
        List<List<String>> sample = src.sample(c, fraction);
        List<List<String>> cuts = new ArrayList<>();
        for (int j = 1; j < wanted; j++) {
            List<String> k = sample.isEmpty() ? null : sample.get((int) ((long) j * sample.size() / wanted));
            if (k != null && (cuts.isEmpty() || !cuts.get(cuts.size() - 1).equals(k))) {
                cuts.add(k);
            }
        }
        return ranges(null, cuts, null);
    }

    private static List<KeyRange> ranges(List<String> lower, List<List<String>> cuts, List<String> upper) {
        List<KeyRange> out = new ArrayList<>();
        List<String> from = lower;
        for (List<String> cut : cuts) {
            out.add(new KeyRange(from, cut));
            from = cut;
        }
        out.add(new KeyRange(from, upper));
        return out;
    }

    /** One segment: hashes on both sides at once; on a mismatch, cut and compare until row level. */
    private Checkpoint.SegmentVerdict check(RangeReader src, RangeReader tgt, KeyRange range) throws SQLException, InterruptedException {
        Connection sc = sourcePool(source, sourcePool);
        Connection tc = sourcePool(target, targetPool);
        try {
            SegmentHash[] h = hashBoth(src, tgt, sc, tc, range);
            List<Difference> diffs = h[0].equals(h[1]) ? List.of() : bisect(src, tgt, sc, tc, range, h[0], h[1]);
            progress.segmentDone(h[0].rows());
            return new Checkpoint.SegmentVerdict(h[0].rows(), h[1].rows(), diffs);
        } finally {
            sourcePool.add(sc);
            targetPool.add(tc);
        }
    }

    private SegmentHash[] hashBoth(RangeReader src, RangeReader tgt, Connection sc, Connection tc, KeyRange range)
            throws SQLException, InterruptedException {
        CompletableFuture<SegmentHash> t = CompletableFuture.supplyAsync(() -> {
            try {
                return tgt.hash(tc, range);
            } catch (SQLException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, targetSide);
        SegmentHash s = src.hash(sc, range);
        rate.acquire(s.rows());
        return new SegmentHash[] {s, await(t)};
    }

    private List<Difference> bisect(RangeReader src, RangeReader tgt, Connection sc, Connection tc, KeyRange range,
                                    SegmentHash s, SegmentHash t) throws SQLException, InterruptedException {
        long n = Math.max(s.rows(), t.rows());
        if (n <= options.rowDiffRows()) {
            return rowDiff(src, tgt, sc, tc, range);
        }
        boolean bySource = s.rows() >= t.rows();
        List<List<String>> cuts = new ArrayList<>();
        for (int j = 1; j < SPLIT; j++) {
            List<String> k = bySource ? src.keyAt(sc, range, n * j / SPLIT) : tgt.keyAt(tc, range, n * j / SPLIT);
            if (k != null && (cuts.isEmpty() || !cuts.get(cuts.size() - 1).equals(k)) && !k.equals(range.lower())) {
                cuts.add(k);
            }
        }
        if (cuts.isEmpty()) {
            return rowDiff(src, tgt, sc, tc, range);
        }
        List<KeyRange> parts = ranges(range.lower(), cuts, range.upper());
        List<SegmentHash[]> hashes = new ArrayList<>();
        int differing = 0;
        for (KeyRange sub : parts) {
            SegmentHash[] h = hashBoth(src, tgt, sc, tc, sub);
            hashes.add(h);
            differing += h[0].equals(h[1]) ? 0 : 1;
        }
        if (differing > parts.size() / 2 && n <= DENSE_ROW_DIFF_ROWS) {
            // Differences everywhere: reading the range once beats cutting it further.
            return rowDiff(src, tgt, sc, tc, range);
        }
        List<Difference> out = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            SegmentHash[] h = hashes.get(i);
            if (!h[0].equals(h[1])) {
                out.addAll(bisect(src, tgt, sc, tc, parts.get(i), h[0], h[1]));
            }
        }
        return out;
    }

    /**
     * Compares a range row by row: by per-row hashes computed in each database, then the full rows of the keys
     * whose hashes differ. Tables with JSON columns compare full rows throughout.
     */
    private List<Difference> rowDiff(RangeReader src, RangeReader tgt, Connection sc, Connection tc, KeyRange range) throws SQLException {
        if (src.hashesOutside()) {
            return diff(src.table(), src.rows(sc, range), tgt.rows(tc, range));
        }
        Map<List<String>, String> s = src.rowHashes(sc, range);
        Map<List<String>, String> t = tgt.rowHashes(tc, range);
        List<List<String>> keys = new ArrayList<>(s.keySet());
        t.keySet().stream().filter(k -> !s.containsKey(k)).forEach(keys::add);
        keys.removeIf(k -> s.get(k) != null && s.get(k).equals(t.get(k)));
        keys.sort(new KeyOrder(src.table().keyColumns()));
        Map<List<String>, List<String>> sourceRows = new LinkedHashMap<>();
        Map<List<String>, List<String>> targetRows = new LinkedHashMap<>();
        Map<List<String>, List<String>> fromSource = src.rows(sc, keys.stream().filter(s::containsKey).toList());
        Map<List<String>, List<String>> fromTarget = tgt.rows(tc, keys.stream().filter(t::containsKey).toList());
        for (List<String> key : keys) {
            if (fromSource.containsKey(key)) {
                sourceRows.put(key, fromSource.get(key));
            }
            if (fromTarget.containsKey(key)) {
                targetRows.put(key, fromTarget.get(key));
            }
        }
        return diff(src.table(), sourceRows, targetRows);
    }

    static List<Difference> diff(ValidatedTable table, Map<List<String>, List<String>> source, Map<List<String>, List<String>> target) {
        List<Difference> out = new ArrayList<>();
        for (var e : source.entrySet()) {
            List<String> other = target.get(e.getKey());
            if (other == null) {
                out.add(new Difference(Difference.Kind.MISSING, e.getKey(), List.of()));
            } else if (!other.equals(e.getValue())) {
                List<Difference.ColumnDifference> cols = new ArrayList<>();
                for (int i = 0; i < table.columns().size(); i++) {
                    if (!java.util.Objects.equals(e.getValue().get(i), other.get(i))) {
                        cols.add(new Difference.ColumnDifference(table.columns().get(i).targetName(), e.getValue().get(i), other.get(i)));
                    }
                }
                out.add(new Difference(Difference.Kind.DIFFERS, e.getKey(), cols));
            }
        }
        for (var k : target.keySet()) {
            if (!source.containsKey(k)) {
                out.add(new Difference(Difference.Kind.EXTRA, k, List.of()));
            }
        }
        return out;
    }

    /** Live mode: checks differing segments again after the applier passed the position they were seen at. */
    private int converge(RangeReader src, RangeReader tgt, List<KeyRange> plan, Map<Integer, Checkpoint.SegmentVerdict> verdicts)
            throws SQLException, InterruptedException {
        Duration timeout = options.convergenceTimeout();
        int rechecked = 0;
        if (timeout == null || convergence == null) {
            return rechecked;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<Integer> differing = new LinkedHashSet<>();
        verdicts.forEach((i, v) -> {
            if (!v.differences().isEmpty()) {
                differing.add(i);
            }
        });
        while (!differing.isEmpty() && System.nanoTime() < deadline) {
            boolean applied;
            try {
                Object mark = convergence.mark();
                applied = convergence.awaitApplied(mark, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("live mode cannot follow the pipeline: " + e.getMessage(), e);
            }
            if (!applied) {
                LOG.info("{}: the applier did not reach the source position within the convergence timeout", src.table().name());
                break;
            }
            for (Integer i : List.copyOf(differing)) {
                List<Difference> before = verdicts.get(i).differences();
                Checkpoint.SegmentVerdict v = check(src, tgt, plan.get(i));
                rechecked++;
                verdicts.put(i, v);
                // The target now holds everything the source held at the mark, which came after the earlier sighting.
                // A difference seen again exactly (same source and target values) therefore persists; one that
                // changed may still be on its way, so its segment is checked again.
                if (v.differences().isEmpty() || before.containsAll(v.differences())) {
                    differing.remove(i);
                }
            }
            if (!differing.isEmpty()) {
                Thread.sleep(200);
            }
        }
        return rechecked;
    }

    private static Connection sourcePool(Side side, BlockingQueue<Connection> pool) throws SQLException {
        Connection c = pool.poll();
        return c != null ? c : side.open();
    }

    private static <T> T await(Future<T> f) throws SQLException, InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof java.util.concurrent.CompletionException c && c.getCause() != null ? c.getCause() : e.getCause();
            if (cause instanceof SQLException s) {
                throw s;
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(cause);
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void close() {
        segments.shutdownNow();
        targetSide.shutdownNow();
        closeAll(sourcePool);
        closeAll(targetPool);
    }

    private static void closeAll(Collection<Connection> pool) {
        for (Connection c : pool) {
            try {
                c.close();
            } catch (SQLException e) {
                // closing: nothing to do
            }
        }
        pool.clear();
    }
}
