package io.ferry.apply;

import io.ferry.core.event.ChangeEvent;
import io.ferry.core.event.ChangeEventCodec;
import io.ferry.core.event.EventFormatException;
import io.ferry.core.fault.FaultPoints;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the records of some partitions to the target, exactly once in effect although every
 * record may arrive more than once. Per partition it knows the first offset not yet applied (from
 * the target's own record, the truth after any crash): a record below it is a replay and is
 * skipped; a record above it means Kafka Streams resumed past what the target has, so the gap is
 * read back from the topic and applied first.
 */
public final class ChangeApplier implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeApplier.class);

    /** Reads a range of one partition back from Kafka. */
    public interface GapReader extends AutoCloseable {
        /** Delivers every record of {@code [from, to)} in order; returns the first offset of the partition still stored. */
        void read(PartitionKey partition, long from, long to, RecordSink sink);

        /** The earliest offset still stored in the partition. */
        long beginningOffset(PartitionKey partition);

        @Override
        void close();
    }

    /** Receives raw records. */
    public interface RecordSink {
        void accept(PartitionKey partition, long offset, byte[] key, byte[] value);
    }

    /** Hooks for fault-injection tests around a batch's database write. */
    public interface FlushGuard {
        /** Whether the batch may be written now (a test may hold it until Streams committed past it). */
        boolean mayWrite(ApplyBatch batch);
    }

    private final BatchSink writer;
    private final GapReader gaps;
    private final int batchSize;
    private final FaultPoints faults;
    private final FlushGuard guard;
    private final Map<PartitionKey, Long> nextOffset = new HashMap<>();
    private final Set<PartitionKey> replaying = new HashSet<>();
    private Map<PartitionKey, Progress> recorded;
    private ApplyBatch batch = new ApplyBatch();
    private long skipped;

    public ChangeApplier(BatchSink writer, GapReader gaps, int batchSize, FaultPoints faults, FlushGuard guard) {
        this.writer = writer;
        this.gaps = gaps;
        this.batchSize = batchSize;
        this.faults = faults;
        this.guard = guard;
    }

    /** Offers one record as it arrives from Kafka. */
    public void offer(PartitionKey partition, long offset, byte[] key, byte[] value) {
        long next = next(partition);
        if (offset < next) {
            if (replaying.add(partition)) {
                LOG.info("{}: skipping offsets from {} up to {}, already applied to the target", partition, offset, next - 1);
            }
            skipped++;
            return;
        }
        if (offset > next) {
            gaps.read(partition, next, offset, this::accept);
        }
        accept(partition, offset, key, value);
    }

    /** Applies everything of the partition below {@code endOffset} that the target does not have yet. */
    public void catchUp(PartitionKey partition, long endOffset) {
        long next = next(partition);
        if (next < endOffset) {
            gaps.read(partition, next, endOffset, this::accept);
            flush();
        }
    }

    private void accept(PartitionKey partition, long offset, byte[] key, byte[] value) {
        if (offset < next(partition)) {
            skipped++;
            return;
        }
        try {
            ChangeEvent event = ChangeEventCodec.decode(value);
            batch.add(new ApplyBatch.Entry(partition, offset, key, value, event));
        } catch (EventFormatException e) {
            batch.addUnreadable(partition, offset, new DeadLetter(partition.topic(), partition.partition(), offset, key, value,
                    null, e.getMessage()), batch.lastPosition(partition) == null ? lastRecordedPosition(partition) : batch.lastPosition(partition));
        }
        nextOffset.put(partition, offset + 1);
        if (batch.received() >= batchSize) {
            flush();
        }
    }

    /** Writes what is buffered, in one target transaction. */
    public void flush() {
        if (batch.isEmpty() || !guard.mayWrite(batch)) {
            return;
        }
        faults.reached("apply.before-db-commit");
        writer.write(batch);
        faults.reached("apply.after-db-commit");
        recorded().putAll(batch.progress()); // the target's record moved on; later fallbacks must not use the old one
        batch = new ApplyBatch();
    }

    public ApplyBatch pending() {
        return batch;
    }

    /** Records skipped because the target already had them. */
    public long skipped() {
        return skipped;
    }

    private long next(PartitionKey partition) {
        Long n = nextOffset.get(partition);
        if (n != null) {
            return n;
        }
        Progress p = recorded().get(partition);
        long first = p != null ? p.next() : gaps.beginningOffset(partition);
        nextOffset.put(partition, first);
        return first;
    }

    private String lastRecordedPosition(PartitionKey partition) {
        Progress p = recorded().get(partition);
        return p == null ? null : p.sourcePosition();
    }

    private Map<PartitionKey, Progress> recorded() {
        if (recorded == null) {
            try {
                recorded = new HashMap<>(writer.recordedProgress());
            } catch (SQLException e) {
                throw new ApplyStoppedException("cannot read applied offsets from the target: " + e.getMessage(), e);
            }
        }
        return recorded;
    }

    @Override
    public void close() {
        try {
            writer.close();
        } finally {
            gaps.close();
        }
    }
}
