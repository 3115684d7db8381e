package io.ferry.apply.streams;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.apply.ApplyStoppedException;
import io.ferry.apply.DeadLetter;
import io.ferry.apply.DeadLetters;
import io.ferry.core.topic.TopicNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Dead letters in {@code _ferry.dlq}: key as the original record's key, value a JSON document with
 * the pipeline, source topic, partition, offset, table, reason and the original value, plus the same facts
 * as headers for tools that read headers only. The topic is shared by every pipeline on the cluster; the
 * pipeline's name ({@value #PIPELINE_HEADER}) tells whose a record is ({@link DeadLetterCount}).
 */
public final class KafkaDeadLetters implements DeadLetters, AutoCloseable {

    /** The header that names the pipeline a dead letter belongs to. */
    public static final String PIPELINE_HEADER = "ferry.pipeline";
    /** The header that names the change topic a dead letter came from. */
    public static final String TOPIC_HEADER = "ferry.topic";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaProducer<byte[], byte[]> producer;
    private final String pipeline;

    public KafkaDeadLetters(String bootstrapServers, String clientId, String pipeline) {
        this(bootstrapServers, clientId, pipeline, io.ferry.core.config.KafkaSettings.DEFAULT_MAX_MESSAGE_BYTES);
    }

    /** @param maxRequestBytes the producer's {@code max.request.size}: a dead letter carries its change event whole */
    public KafkaDeadLetters(String bootstrapServers, String clientId, String pipeline, int maxRequestBytes) {
        this(bootstrapServers, clientId, pipeline, maxRequestBytes, java.util.Map.of());
    }

    /** @param client the pipeline's Kafka client settings (kafka.clientProperties) */
    public KafkaDeadLetters(String bootstrapServers, String clientId, String pipeline, int maxRequestBytes, java.util.Map<String, String> client) {
        this.pipeline = java.util.Objects.requireNonNull(pipeline, "pipeline");
        Properties p = new Properties();
        p.setProperty(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(maxRequestBytes));
        p.setProperty(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.putAll(client);
        p.setProperty(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        p.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public void publish(List<DeadLetter> letters) {
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        for (DeadLetter d : letters) {
            ObjectNode v = JSON.createObjectNode();
            v.put("pipeline", pipeline);
            v.put("topic", d.topic());
            v.put("partition", d.partition());
            v.put("offset", d.offset());
            v.put("table", d.table());
            v.put("reason", d.reason());
            v.put("value", d.value() == null ? null : new String(d.value(), StandardCharsets.UTF_8));
            RecordHeaders h = new RecordHeaders();
            h.add(PIPELINE_HEADER, pipeline.getBytes(StandardCharsets.UTF_8));
            h.add(TOPIC_HEADER, d.topic().getBytes(StandardCharsets.UTF_8));
            h.add("ferry.partition", Integer.toString(d.partition()).getBytes(StandardCharsets.UTF_8));
            h.add("ferry.offset", Long.toString(d.offset()).getBytes(StandardCharsets.UTF_8));
            h.add("ferry.reason", d.reason().getBytes(StandardCharsets.UTF_8));
            try {
                sends.add(producer.send(new ProducerRecord<>(TopicNames.DLQ, null, d.key(), JSON.writeValueAsBytes(v), h)));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        producer.flush();
        for (Future<RecordMetadata> f : sends) {
            try {
                f.get();
            } catch (ExecutionException e) {
                throw new ApplyStoppedException("cannot store a dead letter in " + TopicNames.DLQ + ": " + e.getCause().getMessage(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApplyStoppedException("interrupted while storing dead letters", e);
            }
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
