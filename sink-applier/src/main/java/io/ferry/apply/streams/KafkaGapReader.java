package io.ferry.apply.streams;

import io.ferry.apply.ApplyStoppedException;
import io.ferry.apply.ChangeApplier;
import io.ferry.apply.PartitionKey;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads ranges of change partitions back with a plain consumer (assign and seek, no group), for the
 * records Kafka Streams skipped because it had committed their offsets before the target had them.
 */
public final class KafkaGapReader implements ChangeApplier.GapReader, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaGapReader.class);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private final Properties props;
    private KafkaConsumer<byte[], byte[]> consumer;

    public KafkaGapReader(String bootstrapServers, String clientId) {
        this(bootstrapServers, clientId, io.ferry.core.config.KafkaSettings.DEFAULT_MAX_MESSAGE_BYTES);
    }

    /** @param fetchBytes per partition, at least the largest record the topics take (kafka.maxMessageBytes) */
    public KafkaGapReader(String bootstrapServers, String clientId, int fetchBytes) {
        this(bootstrapServers, clientId, fetchBytes, java.util.Map.of());
    }

    /** @param client the pipeline's Kafka client settings (kafka.clientProperties) */
    public KafkaGapReader(String bootstrapServers, String clientId, int fetchBytes, java.util.Map<String, String> client) {
        props = new Properties();
        props.putAll(client);
        props.setProperty(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(fetchBytes));
        props.setProperty(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Integer.toString(Math.max(fetchBytes, 50 * 1024 * 1024)));
        props.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.setProperty(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.setProperty(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        if (consumer == null) {
            consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }
        return consumer;
    }

    /** The topic's partition count, as the producer saw it when it chose a partition for each key. */
    public int partitionCount(String topic) {
        return consumer().partitionsFor(topic).size();
    }

    @Override
    public long beginningOffset(PartitionKey partition) {
        TopicPartition tp = new TopicPartition(partition.topic(), partition.partition());
        return consumer().beginningOffsets(List.of(tp)).get(tp);
    }

    @Override
    public void read(PartitionKey partition, long from, long to, ChangeApplier.RecordSink sink) {
        TopicPartition tp = new TopicPartition(partition.topic(), partition.partition());
        KafkaConsumer<byte[], byte[]> c = consumer();
        long earliest = c.beginningOffsets(List.of(tp)).get(tp);
        if (earliest > from) {
            // Retention removed changes the target never got: going on would leave a silent gap.
            throw new ApplyStoppedException("partition " + partition + " no longer holds offsets " + from + ".." + (earliest - 1)
                    + " that the target has not applied; a new snapshot is needed", null);
        }
        LOG.info("reading back {} offsets {}..{} that Kafka Streams had committed before the target applied them", partition, from, to - 1);
        c.assign(List.of(tp));
        c.seek(tp, from);
        long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
        while (c.position(tp) < to) {
            if (System.nanoTime() > deadline) {
                throw new ApplyStoppedException("timed out reading back " + partition + " offsets " + from + ".." + (to - 1), null);
            }
            for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500)).records(tp)) {
                if (r.offset() >= to) {
                    break;
                }
                sink.accept(partition, r.offset(), r.key(), r.value());
            }
        }
        c.assign(List.of());
    }

    @Override
    public void close() {
        if (consumer != null) {
            consumer.close(Duration.ofSeconds(5));
        }
    }
}
