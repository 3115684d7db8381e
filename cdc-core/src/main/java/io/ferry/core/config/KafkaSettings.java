package io.ferry.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Kafka cluster carrying the change topics, and how those topics are created.
 *
 * @param bootstrapServers  comma-separated {@code host:port} list of an existing cluster; left out, {@code ferry run}
 *                          runs an embedded single-node broker (see {@code embedded})
 * @param topicPrefix       first part of every change topic name ({@code <prefix>.<schema>.<table>}); null
 *                          selects {@value #DEFAULT_TOPIC_PREFIX}
 * @param partitions        partitions per change topic, the applier's unit of parallelism; 0 selects
 *                          {@value #DEFAULT_PARTITIONS}
 * @param replicationFactor 0 selects 1 (the single-broker sandbox); production clusters want 3
 * @param embedded          true for the broker that {@code ferry run} starts in its own process; the default when
 *                          no {@code bootstrapServers} is given
 * @param dataDir           where the embedded broker keeps its data across restarts; null selects
 *                          {@code ferry-data/<pipeline name>/kafka} below the working directory
 * @param maxMessageBytes   the largest change event (one row's change as JSON, binary as base64) that can travel:
 *                          capture's {@code max.request.size}, the change topics' {@code max.message.bytes}, the
 *                          embedded broker's {@code message.max.bytes} and the applier's fetch sizes; 0 selects
 *                          {@value #DEFAULT_MAX_MESSAGE_BYTES}
 * @param compression       how capture compresses what it produces; null selects {@link KafkaCompression#LZ4}
 * @param clientProperties  more settings of every Kafka client of Ferry (producers, consumers, admin clients,
 *                          Kafka Streams, Debezium's offset store and schema history) for a secured cluster:
 *                          {@code security.protocol} and {@code ssl.*} and {@code sasl.*} keys only; values are
 *                          secrets (never printed), so {@code sasl.jaas.config} may be {@code ${env:NAME}}
 */
public record KafkaSettings(
        String bootstrapServers,
        String topicPrefix,
        @JsonProperty(defaultValue = "3") int partitions,
        @JsonProperty(defaultValue = "1") short replicationFactor,
        @JsonProperty(defaultValue = "true when no bootstrapServers is given") Boolean embedded,
        String dataDir,
        @JsonProperty(defaultValue = "16777216") int maxMessageBytes,
        KafkaCompression compression,
        Map<String, Secret> clientProperties) {

    public static final String DEFAULT_TOPIC_PREFIX = "ferry";
    public static final int DEFAULT_PARTITIONS = 3;
    /** 16 MiB: a 10 MiB BLOB as base64 in a change event, with room to spare. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
    /** Kafka's own floor for a request; below it nothing but tiny rows could move. */
    static final int MIN_MAX_MESSAGE_BYTES = 64 * 1024;
    /** 256 MiB; Kafka is no place for larger records (and twice the limit must fit an int for the dead letters). */
    static final int MAX_MAX_MESSAGE_BYTES = 256 * 1024 * 1024;

    /** Dots are left out because they separate the prefix from schema and table in topic names. */
    public static final Pattern TOPIC_PREFIX_PATTERN = Pattern.compile("[A-Za-z0-9_-]+");

    private static final Pattern CLIENT_PROPERTY = Pattern.compile("security\\.protocol|ssl\\.[a-z0-9.]+|sasl\\.[a-z0-9.]+");

    private static final Pattern SERVER_LIST = Pattern.compile("[^,\\s]+:\\d{1,5}(\\s*,\\s*[^,\\s]+:\\d{1,5})*");

    /** No {@code kafka:} section: the embedded broker with every default. */
    public static final KafkaSettings EMBEDDED = new KafkaSettings(null, null, 0, (short) 0, null, null, 0, null, null);

    /** An existing cluster. */
    public KafkaSettings(String bootstrapServers, String topicPrefix, int partitions, short replicationFactor) {
        this(bootstrapServers, topicPrefix, partitions, replicationFactor, null, null, 0, null, null);
    }

    public KafkaSettings(String bootstrapServers, String topicPrefix, int partitions, short replicationFactor, Boolean embedded,
            String dataDir, int maxMessageBytes, KafkaCompression compression) {
        this(bootstrapServers, topicPrefix, partitions, replicationFactor, embedded, dataDir, maxMessageBytes, compression, null);
    }

    public KafkaSettings {
        boolean both = Boolean.TRUE.equals(embedded) && bootstrapServers != null;
        boolean neither = Boolean.FALSE.equals(embedded) && bootstrapServers == null;
        embedded = bootstrapServers == null;
        topicPrefix = topicPrefix != null ? topicPrefix : DEFAULT_TOPIC_PREFIX;
        if (partitions == 0) {
            partitions = DEFAULT_PARTITIONS;
        }
        if (replicationFactor == 0) {
            replicationFactor = 1;
        }
        if (maxMessageBytes == 0) {
            maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;
        }
        compression = compression != null ? compression : KafkaCompression.LZ4;
        clientProperties = clientProperties != null ? Map.copyOf(clientProperties) : Map.of();
        List<String> foreign = clientProperties.keySet().stream().filter(k -> !CLIENT_PROPERTY.matcher(k).matches()).sorted().toList();
        Checks.on(KafkaSettings.class)
                .require(!both, "embedded", "give either bootstrapServers (an existing cluster) or embedded: true, not both")
                .require(!neither, "bootstrapServers", "is required with embedded: false")
                .require(bootstrapServers == null || dataDir == null, "dataDir",
                        "is where the embedded broker keeps its data; an existing cluster (bootstrapServers) has none")
                .require(bootstrapServers == null || !bootstrapServers.isBlank(), "bootstrapServers", "must not be blank")
                .require(bootstrapServers == null || SERVER_LIST.matcher(bootstrapServers).matches(), "bootstrapServers",
                        "must be a comma-separated list of host:port, got '" + bootstrapServers + "'")
                .matches("topicPrefix", topicPrefix, TOPIC_PREFIX_PATTERN, "letters, digits, '-' and '_'")
                .atLeast("partitions", partitions, 1)
                .atLeast("replicationFactor", replicationFactor, 1)
                .between("maxMessageBytes", maxMessageBytes, MIN_MAX_MESSAGE_BYTES, MAX_MAX_MESSAGE_BYTES)
                .require(foreign.isEmpty(), "clientProperties", "takes security.protocol, ssl.* and sasl.* only (Ferry sets the "
                        + "others itself), not " + String.join(", ", foreign))
                .validate();
    }

    /** Whether this pipeline runs through the broker {@code ferry run} embeds (its address not known yet). */
    public boolean isEmbedded() {
        return embedded;
    }

    /**
     * The size limit Kafka's clients and topics get (producer {@code max.request.size}, topic {@code max.message.bytes},
     * broker {@code message.max.bytes}, consumer {@code max.partition.fetch.bytes}): one largest event plus room for its
     * key and the record batch framing, so an event within {@code maxMessageBytes} is never refused by Kafka.
     */
    public int kafkaLimitBytes() {
        return maxMessageBytes + 64 * 1024;
    }

    /**
     * The size limit of the dead-letter topic and its producer: a dead letter carries its change event as a JSON
     * string (quotes escaped) beside the reason, so it gets twice the change topics' limit.
     */
    public int deadLetterLimitBytes() {
        return 2 * kafkaLimitBytes();
    }

    /**
     * The same settings for the cluster at {@code servers}: what the embedded broker's settings become once its
     * address is known ({@code ferry run} started it, or another command found it running).
     */
    public KafkaSettings withBootstrapServers(String servers) {
        return new KafkaSettings(servers, topicPrefix, partitions, replicationFactor, null, null, maxMessageBytes, compression,
                clientProperties);
    }

    /** {@link #clientProperties} with their values revealed, to hand to a Kafka client (which masks its passwords). */
    public Map<String, String> clientConfig() {
        Map<String, String> m = new java.util.TreeMap<>();
        clientProperties.forEach((k, v) -> m.put(k, v.reveal()));
        return m;
    }
}
