package io.ferry.apply;

/** A Kafka topic partition, without depending on Kafka in the pure apply logic. */
public record PartitionKey(String topic, int partition) {
    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
