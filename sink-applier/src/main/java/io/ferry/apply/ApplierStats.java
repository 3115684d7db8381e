package io.ferry.apply;

import io.ferry.core.schema.TableId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/** What the applier has committed to the target, for status output, drains and benchmarks. */
public final class ApplierStats {

    private final Map<TableId, LongAdder> appliedRows = new ConcurrentHashMap<>();
    private final LongAdder deadLetters = new LongAdder();
    private final LongAdder batches = new LongAdder();
    private final AtomicLong lastLagMillis = new AtomicLong(-1);
    private final LongAdder retries = new LongAdder();
    private final List<WriteListener> writeListeners = new CopyOnWriteArrayList<>();

    /** Told how long each batch took to write, retries included, on the applier's thread (metrics use it). */
    @FunctionalInterface
    public interface WriteListener {
        void written(int received, long nanos);
    }

    public void addWriteListener(WriteListener listener) {
        writeListeners.add(listener);
    }

    public void recordWritten(int received, long nanos) {
        writeListeners.forEach(l -> l.written(received, nanos));
    }

    public void recordRetry() {
        retries.increment();
    }

    /** Failed target writes that were tried again. */
    public long retries() {
        return retries.sum();
    }
    private final List<CommitListener> listeners = new CopyOnWriteArrayList<>();

    /** Told of each committed batch, on the applier's thread: keep it quick. */
    @FunctionalInterface
    public interface CommitListener {
        /**
         * @param entries           the batch's surviving changes
         * @param committedAtMillis when the target transaction committed (the clock {@link #recordCommitted} was given)
         */
        void committed(List<ApplyBatch.Entry> entries, long committedAtMillis);
    }

    public void recordCommitted(ApplyBatch batch, long nowMillis) {
        batches.increment();
        long newestCommit = 0;
        for (var e : batch.changesByTable().entrySet()) {
            appliedRows.computeIfAbsent(e.getKey(), t -> new LongAdder()).add(e.getValue().size());
            for (ApplyBatch.Entry entry : e.getValue()) {
                Long ts = entry.event().commitTimeMillis();
                if (ts != null && ts > newestCommit) {
                    newestCommit = ts;
                }
            }
        }
        if (newestCommit > 0) {
            lastLagMillis.set(Math.max(0, nowMillis - newestCommit));
        }
        if (!listeners.isEmpty()) {
            List<ApplyBatch.Entry> all = batch.changesByTable().values().stream().flatMap(List::stream).toList();
            listeners.forEach(l -> l.committed(all, nowMillis));
        }
    }

    public void recordDeadLetters(int n) {
        deadLetters.add(n);
    }

    /** Called after each committed batch with its surviving changes (benchmarks measure lag with it). */
    public void addListener(Consumer<List<ApplyBatch.Entry>> listener) {
        listeners.add((entries, committedAtMillis) -> listener.accept(entries));
    }

    /** Called after each committed batch with its surviving changes and its commit time (lag windows use it). */
    public void addCommitListener(CommitListener listener) {
        listeners.add(listener);
    }

    /** Row changes written to the target (after collapsing), per table. */
    public Map<TableId, Long> appliedRows() {
        Map<TableId, Long> m = new TreeMap<>();
        appliedRows.forEach((t, n) -> m.put(t, n.sum()));
        return m;
    }

    public long deadLetters() {
        return deadLetters.sum();
    }

    public long batches() {
        return batches.sum();
    }

    /** Source commit to target commit of the newest change of the last batch; -1 before the first. */
    public long lastLagMillis() {
        return lastLagMillis.get();
    }
}
