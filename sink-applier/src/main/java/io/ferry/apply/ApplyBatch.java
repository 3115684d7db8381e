package io.ferry.apply;

import io.ferry.core.event.ChangeEvent;
import io.ferry.core.schema.TableId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The changes gathered for one target transaction. Several changes of one row collapse to the
 * last (per table and key), which is all the target needs since every change carries the full row
 * image; the batch also remembers, per partition, the last offset it covers.
 */
public final class ApplyBatch {

    /** A change as it arrived, with its Kafka coordinates. */
    public record Entry(PartitionKey partition, long offset, byte[] rawKey, byte[] rawValue, ChangeEvent event) {
    }

    private final Map<TableId, LinkedHashMap<Map<String, String>, Entry>> byTable = new LinkedHashMap<>();
    private final Map<PartitionKey, Progress> progress = new LinkedHashMap<>();
    private final List<DeadLetter> unreadable = new ArrayList<>();
    private int received;

    public void add(Entry entry) {
        byTable.computeIfAbsent(entry.event().table(), t -> new LinkedHashMap<>())
                .remove(entry.event().key()); // re-insert so the map keeps arrival order of the last change
        byTable.get(entry.event().table()).put(entry.event().key(), entry);
        progress.put(entry.partition(), new Progress(entry.offset(), entry.event().position().describe()));
        received++;
    }

    /** A record that is not a readable change event: it still moves the partition's progress on. */
    public void addUnreadable(PartitionKey partition, long offset, DeadLetter letter, String lastPosition) {
        unreadable.add(letter);
        progress.put(partition, new Progress(offset, lastPosition));
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

    public Map<PartitionKey, Progress> progress() {
        return Collections.unmodifiableMap(progress);
    }

    public List<DeadLetter> unreadable() {
        return Collections.unmodifiableList(unreadable);
    }

    /** The last position recorded for a partition in this batch, or null. */
    public String lastPosition(PartitionKey partition) {
        Progress p = progress.get(partition);
        return p == null ? null : p.sourcePosition();
    }
}
