package io.ferry.capture;

import io.ferry.core.event.Op;
import io.ferry.core.schema.TableId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/** What capture has delivered to Kafka (counted after Kafka acknowledged), for status output and drains. */
public final class CaptureStats {

    private final Map<TableId, LongAdder> snapshotRows = new ConcurrentHashMap<>();
    private final LongAdder streamedEvents = new LongAdder();
    private final AtomicReference<Map<String, ?>> lastAckedOffset = new AtomicReference<>(Map.of());
    private volatile boolean streaming;
    /** Whether the full load is Ferry's bulk load, during which Debezium already streams: only its end counts then. */
    private volatile boolean bulkLoading;
    private volatile long lastOffsetAtMillis = -1;
    private volatile long slotRetainedWalBytes = -1;
    private final LongAdder retries = new LongAdder();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    /** Told of each acknowledged event and each produced batch, on capture's thread: keep it quick (metrics use it). */
    public interface Listener {
        void acked(Op op, TableId table);

        /** A batch of {@code records} Kafka records was sent and acknowledged in {@code nanos}. */
        void produced(int records, long nanos);

        /** {@code rows} snapshot rows of {@code table} were delivered at once (the bulk full load). */
        default void snapshotRows(TableId table, long rows) {
            for (long i = 0; i < rows; i++) {
                acked(Op.READ, table);
            }
        }
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    /**
     * Rows of the initial copy that did not go through Debezium ({@code capture.snapshotMode: bulk}: committed to the
     * target by the bulk load), counted with the snapshot's rows (both are the initial copy) by status, the status
     * page and the snapshot meters.
     */
    public void recordSnapshotRows(TableId table, long rows) {
        if (rows <= 0) {
            return;
        }
        snapshotRows.computeIfAbsent(table, t -> new LongAdder()).add(rows);
        listeners.forEach(l -> l.snapshotRows(table, rows));
    }

    void recordProduced(int records, long nanos) {
        listeners.forEach(l -> l.produced(records, nanos));
    }

    void recordRetry() {
        retries.increment();
    }

    /** Failed sends to Kafka that were tried again. */
    public long retries() {
        return retries.sum();
    }

    /** When capture last stored a new source position Kafka acknowledged (heartbeats included); -1 before the first. */
    public long lastOffsetAtMillis() {
        return lastOffsetAtMillis;
    }

    void recordAcked(Op op, TableId table) {
        listeners.forEach(l -> l.acked(op, table));
        if (op == Op.READ) {
            snapshotRows.computeIfAbsent(table, t -> new LongAdder()).increment();
        } else {
            // After Debezium's snapshot, its first change means it reads the log; during a bulk load it reads the log
            // from the cut while the copy goes on, so the full load is over only when the copy is (markStreaming).
            if (!bulkLoading) {
                streaming = true;
            }
            streamedEvents.increment();
        }
    }

    /** The full load is Ferry's bulk load: capture counts as {@link #streaming} only once it is over ({@link #markStreaming}). */
    void bulkLoadStarts() {
        bulkLoading = true;
    }

    /** The full load is over (the bulk load's copy committed, or none was needed) and capture reads the log. */
    public void markStreaming() {
        bulkLoading = false;
        streaming = true;
    }

    void recordOffset(Map<String, ?> sourceOffset) {
        if (sourceOffset != null && !sourceOffset.isEmpty()) {
            lastAckedOffset.set(Map.copyOf(sourceOffset));
            lastOffsetAtMillis = System.currentTimeMillis();
        }
    }

    /** Rows read by the initial snapshot and acknowledged by Kafka, per table. */
    public Map<TableId, Long> snapshotRows() {
        Map<TableId, Long> m = new TreeMap<>();
        snapshotRows.forEach((t, n) -> m.put(t, n.sum()));
        return m;
    }

    public long streamedEvents() {
        return streamedEvents.sum();
    }

    /** Whether capture has left the snapshot and reads the log. */
    /** The WAL the source's replication slot retains, in bytes; -1 when unknown or the source has no slot. */
    public long slotRetainedWalBytes() {
        return slotRetainedWalBytes;
    }

    void slotRetainedWalBytes(long bytes) {
        slotRetainedWalBytes = bytes;
    }

    /** Whether the full load is over and capture reads the source's log. */
    public boolean streaming() {
        return streaming;
    }

    /** Debezium's source offset of the newest record Kafka acknowledged (includes heartbeats). */
    public Map<String, ?> lastAckedOffset() {
        return lastAckedOffset.get();
    }
}
