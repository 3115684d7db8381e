package io.ferry.apply;

import java.util.Set;

/**
 * The target already records a partition as applied at or past the offsets of a batch: another applier of the
 * same application (one that took the partition over in a rebalance while this one was stalled) wrote it first.
 * The batch was rolled back; the applier forgets what it knew of its partitions and reads the target's record again.
 */
public final class PartitionMovedException extends RuntimeException {

    private final Set<PartitionKey> partitions;

    public PartitionMovedException(Set<PartitionKey> partitions) {
        super("the target has partitions " + partitions + " applied at or past this batch (another applier instance took them over)");
        this.partitions = Set.copyOf(partitions);
    }

    public Set<PartitionKey> partitions() {
        return partitions;
    }
}
