package io.ferry.apply;

import java.sql.SQLException;
import java.util.Map;

/** Where batches go: the target database, with the progress recorded in the same transaction. */
public interface BatchSink extends AutoCloseable {

    /** Writes the batch and its partitions' progress atomically; throws {@link ApplyStoppedException} when it cannot. */
    void write(ApplyBatch batch);

    /**
     * Brings the target table's shape along with a schema change of the source ({@link io.ferry.core.event.Op#SCHEMA}),
     * in a transaction of its own, after everything before it was written; throws {@link ApplyStoppedException}
     * naming the statement when the change is not one Ferry carries while streaming. Running it again is harmless.
     */
    void applySchema(ApplyBatch.Entry change);

    /** What the target says has been applied, per partition. */
    Map<PartitionKey, Progress> recordedProgress() throws SQLException;

    @Override
    void close();
}
