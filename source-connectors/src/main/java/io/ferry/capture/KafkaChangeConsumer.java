package io.ferry.capture;

import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.ferry.core.event.ChangeEvent;
import io.ferry.core.event.ChangeEventCodec;
import io.ferry.core.event.Op;
import io.ferry.core.event.SchemaChange;
import io.ferry.core.fault.FaultPoints;
import io.ferry.core.retry.RetryPolicy;
import io.ferry.core.schema.TableId;
import io.ferry.core.topic.TopicNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
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
    private final List<TableId> tables;
    private final List<TableId> snapshotTables;
    private final Predicate<TableId> selects;
    private final Consumer<TableId> createTopic;
    private final RetryPolicy retry;
    private final int maxMessageBytes;

    /**
     * @param maxMessageBytes the largest event Kafka takes ({@code kafka.maxMessageBytes}); a larger one stops capture
     * @param snapshotTables the tables a snapshot that starts in this run reads: its first record sends truncate
     *                       markers to exactly these (a blocking snapshot of tables that joined must not empty the others)
     * @param selects     whether a table created while streaming belongs to the pipeline ({@code tables.include})
     * @param createTopic creates the change topic of such a table before its first event is sent
     */
    KafkaChangeConsumer(Producer<byte[], byte[]> producer, RecordConverter converter, String topicPrefix,
            CaptureStats stats, FaultPoints faults, List<TableId> tables, List<TableId> snapshotTables, RetryPolicy retry,
            int maxMessageBytes, Predicate<TableId> selects, Consumer<TableId> createTopic) {
        this.snapshotTables = List.copyOf(snapshotTables);
        this.maxMessageBytes = maxMessageBytes;
        this.selects = selects;
        this.createTopic = createTopic;
        this.retry = retry;
        this.tables = new CopyOnWriteArrayList<>(tables);
        this.producer = producer;
        this.converter = converter;
        this.topicPrefix = topicPrefix;
        this.stats = stats;
        this.faults = faults;
    }

    @Override
    public void handleBatch(List<RecordChangeEvent<SourceRecord>> records,
            DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer) throws InterruptedException {
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>(records.size());
        List<ChangeEvent> events = new ArrayList<>(records.size());
        // Per record of out, the change it carries (null for a truncate marker), to name it when Kafka refuses it.
        List<ChangeEvent> carried = new ArrayList<>(records.size());
        for (RecordChangeEvent<SourceRecord> r : records) {
            if (SchemaChanges.isSchemaChange(r.record())) {
                for (ChangeEvent e : SchemaChanges.convert(r.record(), converter.sourceName())) {
                    if (!tables.contains(e.table()) && e.schemaChange().kind() == SchemaChange.Kind.CREATE
                            && selects.test(e.table())) {
                        createTopic.accept(e.table());
                        tables.add(e.table());
                    }
                    if (tables.contains(e.table())) {
                        // Like a truncate, a schema change concerns every row: a marker in each partition, ordered
                        // between the table's earlier and later changes there.
                        truncateMarkers(e, out, carried);
                    }
                }
                continue;
            }
            Optional<ChangeEvent> event = converter.convert(r.record());
            if (event.isEmpty()) {
                continue;
            }
            ChangeEvent e = event.get();
            if (RecordConverter.startsSnapshot(r.record())) {
                for (TableId t : snapshotTables) {
                    truncateMarkers(ChangeEvent.truncate(e.source(), t, e.position(), e.commitTimeMillis()), out, carried);
                }
            }
            if (e.op() == Op.TRUNCATE) {
                truncateMarkers(e, out, carried);
            } else {
                String topic = TopicNames.changeTopic(topicPrefix, e.table());
                byte[] key = ChangeEventCodec.encodeKey(e.key());
                byte[] value = ChangeEventCodec.encode(e);
                OversizedEvents.check(e, (long) key.length + value.length, maxMessageBytes);
                out.add(new ProducerRecord<>(topic, key, value));
                carried.add(e);
                events.add(e);
            }
        }
        // A broker outage is waited out under the retry policy: the whole batch is sent again (duplicates in the
        // topic are harmless, the applier skips what the target has), and nothing is marked processed before all
        // of it is acknowledged, so a stop or a crash in between replays the batch.
        long sendStarted = System.nanoTime();
        try {
            retry.call("sending " + out.size() + " change events to Kafka", () -> {
                sendAll(out, carried);
                return null;
            }, stats::recordRetry);
        } catch (InterruptedException | RuntimeException e) {
            throw e;
        } catch (ExecutionException e) {
            throw new CaptureFailedException("Kafka did not acknowledge a change event: " + e.getCause().getMessage(), e.getCause());
        } catch (Exception e) {
            throw new CaptureFailedException("Kafka did not acknowledge a change event: " + e.getMessage(), e);
        }
        if (!out.isEmpty()) {
            stats.recordProduced(out.size(), System.nanoTime() - sendStarted);
        }
        boolean snapshotBatch = events.stream().anyMatch(e -> e.op() == Op.READ);
        faults.reached(snapshotBatch ? "capture.snapshot.after-kafka-ack-before-offset-commit"
                : "capture.streaming.after-kafka-ack-before-offset-commit");
        for (ChangeEvent e : events) {
            stats.recordAcked(e.op(), e.table());
        }
        for (RecordChangeEvent<SourceRecord> r : records) {
            committer.markProcessed(r);
        }
        committer.markBatchFinished();
        if (!records.isEmpty()) {
            stats.recordOffset(records.get(records.size() - 1).record().sourceOffset());
        }
    }

    private void sendAll(List<ProducerRecord<byte[], byte[]>> out, List<ChangeEvent> carried) throws ExecutionException, InterruptedException {
        List<Future<RecordMetadata>> sends = new ArrayList<>(out.size());
        for (int i = 0; i < out.size(); i++) {
            Future<RecordMetadata> f = producer.send(out.get(i));
            if (f.isDone()) {
                // Already failed (no metadata within max.block.ms: the broker is away): stop here rather than
                // wait that long again for every record of the batch.
                await(f, out.get(i), carried.get(i));
            }
            sends.add(f);
        }
        producer.flush();
        for (int i = 0; i < sends.size(); i++) {
            await(sends.get(i), out.get(i), carried.get(i));
        }
    }

    /** Waits for one send; a record the broker finds too large (a topic or broker limit below the pipeline's) is named. */
    private static void await(Future<RecordMetadata> f, ProducerRecord<byte[], byte[]> r, ChangeEvent e)
            throws ExecutionException, InterruptedException {
        try {
            f.get();
        } catch (ExecutionException ex) {
            if (e != null && ex.getCause() instanceof RecordTooLargeException tooLarge) {
                long bytes = (r.key() == null ? 0L : r.key().length) + r.value().length;
                throw OversizedEvents.tooLarge(e, bytes, "the broker or topic " + r.topic() + " refused it: "
                        + tooLarge.getMessage(), tooLarge);
            }
            throw ex;
        }
    }

    /**
     * A truncate (or a schema change) concerns every row of a table, but rows are spread over the topic's
     * partitions, so the marker goes to each partition, where it is ordered after every earlier change of those rows.
     */
    private void truncateMarkers(ChangeEvent e, List<ProducerRecord<byte[], byte[]>> out, List<ChangeEvent> carried) {
        String topic = TopicNames.changeTopic(topicPrefix, e.table());
        byte[] value = ChangeEventCodec.encode(e);
        int partitions = producer.partitionsFor(topic).size();
        for (int p = 0; p < partitions; p++) {
            out.add(new ProducerRecord<>(topic, p, null, value));
            carried.add(null);
        }
    }

    @Override
    public boolean supportsTombstoneEvents() {
        return false;
    }
}
