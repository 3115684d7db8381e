package io.ferry.capture;

import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.ferry.core.event.ChangeEvent;
import io.ferry.core.event.ChangeEventCodec;
import io.ferry.core.fault.FaultPoints;
import io.ferry.core.topic.TopicNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Hands Debezium's batches to Kafka. The order matters for "a crash replays, never skips": send
 * every record of the batch, wait until Kafka acknowledged all of them, and only then mark them
 * processed, which lets the engine commit their source offsets.
 */
final class KafkaChangeConsumer implements DebeziumEngine.ChangeConsumer<RecordChangeEvent<SourceRecord>> {

    private final Producer<byte[], byte[]> producer;
    private final RecordConverter converter;
    private final String topicPrefix;
    private final CaptureStats stats;
    private final FaultPoints faults;

    KafkaChangeConsumer(Producer<byte[], byte[]> producer, RecordConverter converter, String topicPrefix,
            CaptureStats stats, FaultPoints faults) {
        this.producer = producer;
        this.converter = converter;
        this.topicPrefix = topicPrefix;
        this.stats = stats;
        this.faults = faults;
    }

    @Override
    public void handleBatch(List<RecordChangeEvent<SourceRecord>> records,
            DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer) throws InterruptedException {
        List<Future<RecordMetadata>> sends = new ArrayList<>(records.size());
        List<ChangeEvent> events = new ArrayList<>(records.size());
        for (RecordChangeEvent<SourceRecord> r : records) {
            Optional<ChangeEvent> event = converter.convert(r.record());
            if (event.isPresent()) {
                ChangeEvent e = event.get();
                String topic = TopicNames.changeTopic(topicPrefix, e.table());
                sends.add(producer.send(new ProducerRecord<>(topic, ChangeEventCodec.encodeKey(e.key()), ChangeEventCodec.encode(e))));
                events.add(e);
            }
        }
        producer.flush();
        for (Future<RecordMetadata> f : sends) {
            try {
                f.get();
            } catch (ExecutionException e) {
                // Nothing of this batch is marked processed: the engine stops and a restart replays it.
                throw new CaptureFailedException("Kafka did not acknowledge a change event: " + e.getCause().getMessage(), e.getCause());
            }
        }
        faults.reached("capture.after-kafka-ack-before-offset-commit");
        for (ChangeEvent e : events) {
            stats.recordAcked(e.op(), e.table(), e.commitTimeMillis());
        }
        for (RecordChangeEvent<SourceRecord> r : records) {
            committer.markProcessed(r);
        }
        committer.markBatchFinished();
        if (!records.isEmpty()) {
            stats.recordOffset(records.get(records.size() - 1).record().sourceOffset());
        }
    }

    @Override
    public boolean supportsTombstoneEvents() {
        return false;
    }
}
