package io.ferry.apply;

/** Which Kafka partition a change key belongs to, as the producer's partitioner decided it. */
public interface PartitionMembership {

    /** How many partitions the topic has. */
    int partitionCount(String topic);

    /** Whether a record with this serialized key was sent to the partition. */
    boolean belongs(PartitionKey partition, byte[] keyBytes);
}
