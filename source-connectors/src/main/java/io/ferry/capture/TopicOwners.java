package io.ferry.capture;

import io.ferry.core.event.ChangeEvent;
import io.ferry.core.event.ChangeEventCodec;
import io.ferry.core.event.EventFormatException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Which pipeline wrote a change topic. Two pipelines that carry the same table of one source database with one topic
 * prefix would write into the same topic, and each applier would apply both streams: capture refuses to start when a
 * topic it is about to write holds another pipeline's changes. Only the last record of each partition is read.
 */
final class TopicOwners {

    private TopicOwners() {
    }

    /** Stops with a clear error when one of {@code topics} holds changes captured by another pipeline than {@code pipeline}. */
    static void requireOwn(String bootstrapServers, Collection<String> topics, String pipeline, Duration timeout) {
        requireOwn(bootstrapServers, Map.of(), topics, pipeline, timeout);
    }

    /** @param client the pipeline's Kafka client settings (kafka.clientProperties) */
    static void requireOwn(String bootstrapServers, Map<String, String> client, Collection<String> topics, String pipeline, Duration timeout) {
        Map<String, String> others = others(bootstrapServers, client, topics, pipeline, timeout);
        if (!others.isEmpty()) {
            List<String> found = new ArrayList<>();
            others.forEach((topic, owner) -> found.add(topic + " (pipeline '" + owner + "')"));
            throw new CaptureFailedException("pipeline '" + pipeline + "' would write into change topics that hold another pipeline's "
                    + "changes: " + String.join(", ", found) + ". Two pipelines that carry the same table of one source database need "
                    + "different kafka.topicPrefix values; for a renamed pipeline, delete the old pipeline's topics first", null);
        }
    }

    /** Per topic whose last change was captured by another pipeline, that pipeline's name. */
    static Map<String, String> others(String bootstrapServers, Collection<String> topics, String pipeline, Duration timeout) {
        return others(bootstrapServers, Map.of(), topics, pipeline, timeout);
    }

    static Map<String, String> others(String bootstrapServers, Map<String, String> client, Collection<String> topics, String pipeline,
            Duration timeout) {
        Properties p = new Properties();
        p.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.putAll(client);
        p.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.setProperty(ConsumerConfig.CLIENT_ID_CONFIG, "ferry-capture-" + pipeline + "-topic-check");
        Map<String, String> others = new TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            Map<String, List<PartitionInfo>> existing = c.listTopics(timeout);
            List<TopicPartition> partitions = new ArrayList<>();
            for (String t : topics) {
                for (PartitionInfo i : existing.getOrDefault(t, List.of())) {
                    partitions.add(new TopicPartition(t, i.partition()));
                }
            }
            if (partitions.isEmpty()) {
                return others;
            }
            Map<TopicPartition, Long> begins = c.beginningOffsets(partitions, timeout);
            Map<TopicPartition, Long> ends = c.endOffsets(partitions, timeout);
            List<TopicPartition> filled = partitions.stream().filter(tp -> ends.get(tp) > begins.get(tp)).toList();
            c.assign(filled);
            for (TopicPartition tp : filled) {
                c.seek(tp, ends.get(tp) - 1);
            }
            Map<TopicPartition, Boolean> seen = new HashMap<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (seen.size() < filled.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    if (r.offset() != ends.get(tp) - 1) {
                        continue;
                    }
                    seen.put(tp, true);
                    String owner = owner(r.value());
                    if (owner != null && !owner.equals(pipeline)) {
                        others.put(r.topic(), owner);
                    }
                }
            }
        }
        return others;
    }

    /** The pipeline that captured a change record; null when it cannot be read as one. */
    private static String owner(byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            ChangeEvent e = ChangeEventCodec.decode(value);
            return e.source();
        } catch (EventFormatException e) {
            return null;
        }
    }
}
