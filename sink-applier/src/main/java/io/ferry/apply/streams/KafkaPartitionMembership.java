package io.ferry.apply.streams;

import io.ferry.apply.PartitionKey;
import io.ferry.apply.PartitionMembership;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;
import org.apache.kafka.common.utils.Utils;

/** Kafka's default partitioner for keyed records: murmur2 of the key bytes, modulo the partition count. */
final class KafkaPartitionMembership implements PartitionMembership {

    private final ToIntFunction<String> counter;
    private final Map<String, Integer> counts = new ConcurrentHashMap<>();

    KafkaPartitionMembership(ToIntFunction<String> counter) {
        this.counter = counter;
    }

    @Override
    public int partitionCount(String topic) {
        return counts.computeIfAbsent(topic, counter::applyAsInt);
    }

    @Override
    public boolean belongs(PartitionKey partition, byte[] keyBytes) {
        return Utils.toPositive(Utils.murmur2(keyBytes)) % partitionCount(partition.topic()) == partition.partition();
    }
}
