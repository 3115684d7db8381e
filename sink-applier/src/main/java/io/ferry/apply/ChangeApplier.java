package io.ferry.apply;

import io.ferry.core.event.ChangeEvent;
import io.ferry.core.schema.TargetNames;
import io.ferry.core.event.ChangeEventCodec;
import io.ferry.core.event.EventFormatException;
import io.ferry.core.event.Op;
import io.ferry.core.event.SourcePosition;
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
    private final Map<PartitionKey, SourcePosition> highWaters = new HashMap<>();
    private final Set<PartitionKey> offsetReplays = new HashSet<>();
    private final Set<PartitionKey> captureReplays = new HashSet<>();
    private final Map<String, String> targetNames = new HashMap<>();
    private final java.util.function.UnaryOperator<String> naming;
    private Map<PartitionKey, Progress> recorded;
    private ApplyBatch batch = new ApplyBatch();
    private long skipped;
    /** The pipeline whose changes alone this applier applies; null for any. */
    private String pipeline;

    public ChangeApplier(BatchSink writer, GapReader gaps, int batchSize, FaultPoints faults, FlushGuard guard) {
        this(writer, gaps, batchSize, faults, guard, TargetNames::shorten);
    }

    /** @param naming the target's name for a source column (its dialect's name length limit) */
    public ChangeApplier(BatchSink writer, GapReader gaps, int batchSize, FaultPoints faults, FlushGuard guard,
            java.util.function.UnaryOperator<String> naming) {
        this.naming = naming;
        this.writer = writer;
        this.gaps = gaps;
        this.batchSize = batchSize;
        this.faults = faults;
        this.guard = guard;
    }

    /**
     * Applies only changes captured by {@code pipeline}: a change of another pipeline (two pipelines carrying the same table
     * of one source database with one topic prefix, whose changes share a topic) stops the applier before anything of it
     * is applied, naming both pipelines. Capture refuses to write into such a topic; this covers an applier started
     * against another pipeline's topics.
     */
    public ChangeApplier ownChangesOnly(String pipeline) {
        this.pipeline = pipeline;
        return this;
    }

    /** Offers one record as it arrives from Kafka. */
    public void offer(PartitionKey partition, long offset, byte[] key, byte[] value) {
        long next = next(partition);
        if (offset < next) {
            if (offsetReplays.add(partition)) {
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

    /** A column's target name, worked out once per name rather than once per record. */
    private String targetName(String column) {
        return targetNames.computeIfAbsent(column, naming);
    }

    private void accept(PartitionKey partition, long offset, byte[] key, byte[] value) {
        if (offset < next(partition)) {
            skipped++;
            return;
        }
        SourcePosition highWater = highWater(partition);
        ChangeEvent event = null;
        try {
            event = ChangeEventCodec.decode(value);
        } catch (EventFormatException e) {
            batch.addUnreadable(partition, offset, new DeadLetter(partition.topic(), partition.partition(), offset, key, value,
                    null, e.getMessage()), highWater);
        }
        if (event != null && pipeline != null && event.source() != null && !pipeline.equals(event.source())) {
            throw new IllegalStateException(partition + " offset " + offset + " holds a change captured by pipeline '" + event.source()
                    + "', not by '" + pipeline + "': the two pipelines share this change topic. Two pipelines that carry the same table "
                    + "of one source database need different kafka.topicPrefix values; for a renamed pipeline, delete the old one's topics");
        }
        if (event != null) {
            if (isCaptureReplay(event, highWater)) {
                if (captureReplays.add(partition)) {
                    LOG.info("{}: capture replayed changes the target already has (offset {} at {}, below the applied {}); skipping them",
                            partition, offset, event.position().describe(), highWater.describe());
                }
                skipped++;
                batch.addSkipped(partition, offset, highWater);
            } else {
                // A truncate marker starts the partition over (a snapshot run again starts from a new position).
                SourcePosition next = event.op() == Op.TRUNCATE || highWater == null || event.position().compareTo(highWater) > 0
                        ? event.position() : highWater;
                highWaters.put(partition, next);
                if (event.op() == Op.SCHEMA) {
                    // The target's shape follows before the first later change needs it, after every earlier one landed.
                    flush();
                    writer.applySchema(new ApplyBatch.Entry(partition, offset, key, value, event));
                    // Its progress moves with the next write, so a drain sees the partition applied up to here.
                    batch.addSkipped(partition, offset, next);
                } else {
                    // Names beyond PostgreSQL's 63 bytes were shortened when the target tables were planned.
                    batch.add(new ApplyBatch.Entry(partition, offset, key, value, event.withColumnNames(this::targetName)), next);
                }
            }
        }
        nextOffset.put(partition, offset + 1);
        if (batch.received() >= batchSize) {
            flush();
        }
    }

    /**
     * Capture is at-least-once: after a crash Debezium sends changes again from its last committed
     * offset, at new Kafka offsets. Within a partition changes arrive in source order, so a streamed
     * change below the highest position already applied is such a replay; applying it would put
     * rows back to older versions until the replay caught up. A change exactly at that position is
     * applied: a primary key update becomes a delete and an insert at one position, and applying
     * the newest change again is harmless. Snapshot reads all share the snapshot's position and are
     * never replays in this sense.
     */
    private static boolean isCaptureReplay(ChangeEvent event, SourcePosition highWater) {
        boolean streamed = event.op() == Op.CREATE || event.op() == Op.UPDATE || event.op() == Op.DELETE;
        return streamed && highWater != null && event.position().compareTo(highWater) < 0;
    }

    private SourcePosition highWater(PartitionKey partition) {
        if (!highWaters.containsKey(partition)) {
            Progress p = recorded().get(partition);
            highWaters.put(partition, p == null ? null : p.position());
        }
        return highWaters.get(partition);
    }

    /** Writes what is buffered, in one target transaction. */
    public void flush() {
        if (batch.isEmpty() || !guard.mayWrite(batch)) {
            return;
        }
        faults.reached("apply.before-db-commit");
        try {
            writer.write(batch);
        } catch (PartitionMovedException moved) {
            // Another instance applied these partitions further while this one held the batch: drop it and start over
            // from the target's record, as a newly assigned task does (replays below it are skipped, gaps read back).
            LOG.warn("{}; dropping the batch of {} records and reading the applied offsets again", moved.getMessage(), batch.received());
            batch = new ApplyBatch();
            forgetProgress();
            return;
        }
        faults.reached("apply.after-db-commit");
        batch = new ApplyBatch();
    }

    private void forgetProgress() {
        recorded = null;
        nextOffset.clear();
        highWaters.clear();
        offsetReplays.clear();
        captureReplays.clear();
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

    private Map<PartitionKey, Progress> recorded() {
        if (recorded == null) {
            try {
                recorded = writer.recordedProgress();
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
