package io.ferry.orchestrator.validate;

import io.ferry.core.topic.TopicNames;
import io.ferry.core.config.PipelineConfig;
import io.ferry.core.event.ChangeEvent;
import io.ferry.core.event.ChangeEventCodec;
import io.ferry.core.event.EventFormatException;
import io.ferry.core.event.Op;
import io.ferry.core.schema.TableId;
import io.ferry.core.schema.TargetNames;
import io.ferry.orchestrator.pipeline.BoundedReads;
import io.ferry.orchestrator.pipeline.CatchUp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The keys changed since a clean validation pass, read from the change topics between the end
 * offsets recorded at that pass and now: the segments holding them are all the final check at
 * cutover needs to look at. A truncate marker touches the whole table.
 */
public final class TouchedKeys {

    /**
     * Keys per target table name ({@code schema.table}); a table mapped to null was truncated and needs a full check.
     *
     * @param keys     every key changed from the offsets asked for up to {@code readTo}
     * @param readFrom where this call's own read of the topics began (the end of the last read it went on from)
     * @param read     the keys of this call's own read alone, from {@code readFrom} to {@code readTo}
     */
    public record Touched(Map<String, Set<List<String>>> keys, Map<TopicPartition, Long> readTo, Map<TopicPartition, Long> readFrom,
                          Map<String, Set<List<String>>> read) {

        /** Keys read in one go from the offsets asked for. */
        public Touched(Map<String, Set<List<String>>> keys, Map<TopicPartition, Long> readTo) {
            this(keys, readTo, Map.of(), keys);
        }

        /** The keys changed from {@code from} on, when this call's own read began exactly there; else empty. */
        public java.util.Optional<Map<String, Set<List<String>>>> readSince(Map<TopicPartition, Long> from) {
            return readFrom.equals(from) ? java.util.Optional.of(read) : java.util.Optional.empty();
        }
    }

    private final PipelineConfig config;

    public TouchedKeys(PipelineConfig config) {
        this.config = config;
    }

    /** The end offsets of the change topics now: record them with a clean pass. */
    public Map<TopicPartition, Long> endOffsets() throws Exception {
        try (Admin admin = Admin.create(adminProps())) {
            return CatchUp.endOffsets(admin, TopicNames.pipelineTopicPattern(config));
        }
    }

    /** The last read: from which offsets, and what it found up to where; a later read from the same offsets goes on from there. */
    private Map<TopicPartition, Long> lastFrom;
    private Touched last;

    /**
     * Every key changed after {@code from} (partitions missing there are read from their start). A second call with the
     * same {@code from} reads only what came after the first one's end and adds it: the cutover reads the bulk of the
     * changes before its freeze ({@code changed-keys}) and inside it only the tail.
     */
    public synchronized Touched since(Map<TopicPartition, Long> from) throws Exception {
        Map<TopicPartition, Long> start = new HashMap<>(from);
        Map<String, Set<List<String>>> keys = new HashMap<>();
        if (last != null && from.equals(lastFrom)) {
            start.putAll(last.readTo());
            last.keys().forEach((table, k) -> keys.put(table, k == null ? null : new HashSet<>(k)));
        }
        Map<TopicPartition, Long> to = endOffsets();
        Map<String, Set<List<String>>> read = new HashMap<>();
        read(start, to, read);
        read.forEach((table, k) -> {
            if (k == null || (keys.containsKey(table) && keys.get(table) == null)) {
                keys.put(table, null);
            } else {
                keys.computeIfAbsent(table, t -> new HashSet<>()).addAll(k);
            }
        });
        lastFrom = Map.copyOf(from);
        last = new Touched(keys, to, Map.copyOf(start), read);
        return last;
    }

    private void read(Map<TopicPartition, Long> from, Map<TopicPartition, Long> to, Map<String, Set<List<String>>> keys) throws Exception {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        p.putAll(config.kafka().clientConfig()); // security.protocol, ssl.*, sasl.*
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        BoundedReads.configure(p);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>(to.keySet());
            consumer.assign(partitions);
            for (TopicPartition tp : partitions) {
                consumer.seek(tp, from.getOrDefault(tp, 0L));
            }
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < to.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading the change topics to " + to + " took more than 5 minutes");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.offset() >= to.get(new TopicPartition(r.topic(), r.partition())) || r.value() == null) {
                        continue;
                    }
                    ChangeEvent e;
                    try {
                        e = ChangeEventCodec.decode(r.value());
                    } catch (EventFormatException bad) {
                        continue; // not a change; the applier sent it to the dead letter topic, which blocks a cutover anyway
                    }
                    String table = TableId.of(config.target().schema(), TargetNames.shorten(e.table().table())).toString();
                    if (e.op() == Op.TRUNCATE || e.op() == Op.SCHEMA) {
                        keys.put(table, null); // every row of the table (a schema change may give each a new column)
                    } else if (!keys.containsKey(table) || keys.get(table) != null) {
                        keys.computeIfAbsent(table, t -> new HashSet<>()).add(List.copyOf(e.key().values()));
                    }
                }
            }
        }
    }

    private Properties adminProps() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        p.putAll(config.kafka().clientConfig()); // security.protocol, ssl.*, sasl.*
        return p;
    }
}
