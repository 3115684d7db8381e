package io.ferry.apply;

import java.sql.SQLException;
import java.util.Map;

/** Where batches go: the target database, with the progress recorded in the same transaction. */
public interface BatchSink extends AutoCloseable {

    /** Writes the batch and its partitions' progress atomically; throws {@link ApplyStoppedException} when it cannot. */
    void write(ApplyBatch batch);

    /** What the target says has been applied, per partition. */
    Map<PartitionKey, Progress> recordedProgress() throws SQLException;

    @Override
    void close();
}
