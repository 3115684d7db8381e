package io.ferry.capture;

import io.ferry.core.event.Op;
import io.ferry.core.schema.TableId;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/** What capture has delivered to Kafka (counted after Kafka acknowledged), for status output and drains. */
public final class CaptureStats {

    private final Map<TableId, LongAdder> snapshotRows = new ConcurrentHashMap<>();
    private final LongAdder streamedEvents = new LongAdder();
    private final AtomicReference<Map<String, ?>> lastAckedOffset = new AtomicReference<>(Map.of());
    private volatile boolean streaming;

    void recordAcked(Op op, TableId table) {
        if (op == Op.READ) {
            snapshotRows.computeIfAbsent(table, t -> new LongAdder()).increment();
        } else {
            streaming = true;
            streamedEvents.increment();
        }
    }

    /** Rows a bulk load committed to the target (counted with the snapshot's rows: both are the initial copy). */
    public void recordBulkRows(TableId table, long rows) {
        snapshotRows.computeIfAbsent(table, t -> new LongAdder()).add(rows);
    }

    /** Capture reads the log: after a bulk load, from the moment the engine starts at the cut. */
    public void markStreaming() {
        streaming = true;
    }

    void recordOffset(Map<String, ?> sourceOffset) {
        if (sourceOffset != null && !sourceOffset.isEmpty()) {
            lastAckedOffset.set(Map.copyOf(sourceOffset));
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
    public boolean streaming() {
        return streaming;
    }

    /** Debezium's source offset of the newest record Kafka acknowledged (includes heartbeats). */
    public Map<String, ?> lastAckedOffset() {
        return lastAckedOffset.get();
    }
}
