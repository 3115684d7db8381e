package io.ferry.apply;

import io.ferry.core.event.ChangeEvent;
import io.ferry.core.event.Op;
import io.ferry.core.event.SourcePosition;
import io.ferry.core.schema.TableId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The changes gathered for one target transaction. Several changes of one row collapse to the
 * last (per table and key), which is all the target needs since every change carries the full row
 * image (but for an unchanged TOASTed value of a PostgreSQL source, which the last change takes from the earlier); the batch also remembers, per partition, the last offset it covers.
 */
public final class ApplyBatch {

    /** A change as it arrived, with its Kafka coordinates. */
    public record Entry(PartitionKey partition, long offset, byte[] rawKey, byte[] rawValue, ChangeEvent event) {
    }

    private final Map<TableId, LinkedHashMap<Map<String, String>, Entry>> byTable = new LinkedHashMap<>();
    private final Map<TableId, Set<PartitionKey>> truncations = new LinkedHashMap<>();
    private final Map<PartitionKey, Progress> progress = new LinkedHashMap<>();
    private final Map<PartitionKey, Long> firstOffsets = new LinkedHashMap<>();
    private final List<DeadLetter> unreadable = new ArrayList<>();
    private int received;

    /** Adds a change, recording its own position as the partition's progress. */
    public void add(Entry entry) {
        add(entry, entry.event().position());
    }

    /** Adds a change, recording {@code highWater} (the highest position applied so far) as the partition's progress. */
    public void add(Entry entry, SourcePosition highWater) {
        if (entry.event().op() == Op.TRUNCATE) {
            truncate(entry, highWater);
            return;
        }
        Entry earlier = byTable.computeIfAbsent(entry.event().table(), t -> new LinkedHashMap<>())
                .remove(entry.event().key()); // re-insert so the map keeps arrival order of the last change
        if (earlier != null) {
            // An UPDATE that left a TOASTed value out keeps the value an earlier change of the row in this batch brought.
            ChangeEvent merged = entry.event().over(earlier.event());
            if (merged != entry.event()) {
                entry = new Entry(entry.partition(), entry.offset(), entry.rawKey(), entry.rawValue(), merged);
            }
        }
        byTable.get(entry.event().table()).put(entry.event().key(), entry);
        record(entry.partition(), entry.offset(), highWater);
    }

    /**
     * A truncate marker supersedes every earlier change of its partition's rows in this batch, and
     * is carried out before the changes that came after it.
     */
    private void truncate(Entry entry, SourcePosition highWater) {
        TableId table = entry.event().table();
        LinkedHashMap<Map<String, String>, Entry> rows = byTable.get(table);
        if (rows != null) {
            rows.values().removeIf(e -> e.partition().equals(entry.partition()));
        }
        truncations.computeIfAbsent(table, t -> new LinkedHashSet<>()).add(entry.partition());
        record(entry.partition(), entry.offset(), highWater);
    }

    /** Per table, the partitions whose rows are to be removed before this batch's changes apply. */
    public Map<TableId, Set<PartitionKey>> truncations() {
        return Collections.unmodifiableMap(truncations);
    }

    /** A record that is not a readable change event: it still moves the partition's progress on. */
    public void addUnreadable(PartitionKey partition, long offset, DeadLetter letter, SourcePosition highWater) {
        unreadable.add(letter);
        record(partition, offset, highWater);
    }

    /** A change that is not applied because the target already has it (a replay by capture): only progress moves. */
    public void addSkipped(PartitionKey partition, long offset, SourcePosition highWater) {
        record(partition, offset, highWater);
    }

    private void record(PartitionKey partition, long offset, SourcePosition highWater) {
        progress.put(partition, new Progress(offset, highWater));
        firstOffsets.putIfAbsent(partition, offset);
        received++;
    }

    public boolean isEmpty() {
        return received == 0;
    }

    /** Records received, before collapsing. */
    public int received() {
        return received;
    }

    /** The surviving change per row, grouped by table. */
    public Map<TableId, List<Entry>> changesByTable() {
        Map<TableId, List<Entry>> m = new LinkedHashMap<>();
        byTable.forEach((t, rows) -> m.put(t, List.copyOf(rows.values())));
        return m;
    }

    /** Per partition, the offset of the first record in this batch. */
    public Map<PartitionKey, Long> firstOffsets() {
        return Collections.unmodifiableMap(firstOffsets);
    }

    public Map<PartitionKey, Progress> progress() {
        return Collections.unmodifiableMap(progress);
    }

    public List<DeadLetter> unreadable() {
        return Collections.unmodifiableList(unreadable);
    }
}
