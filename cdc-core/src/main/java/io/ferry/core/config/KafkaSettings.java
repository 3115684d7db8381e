package io.ferry.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.regex.Pattern;

/**
 * The Kafka cluster carrying the change topics, and how those topics are created.
 *
 * @param bootstrapServers  comma-separated {@code host:port} list
 * @param topicPrefix       first part of every change topic name ({@code <prefix>.<schema>.<table>}); null
 *                          selects {@value #DEFAULT_TOPIC_PREFIX}
 * @param partitions        partitions per change topic, the applier's unit of parallelism; 0 selects
 *                          {@value #DEFAULT_PARTITIONS}
 * @param replicationFactor 0 selects 1 (the single-broker sandbox); production clusters want 3
 */
public record KafkaSettings(
        @JsonProperty(required = true) String bootstrapServers,
        String topicPrefix,
        @JsonProperty(defaultValue = "3") int partitions,
        @JsonProperty(defaultValue = "1") short replicationFactor) {

    public static final String DEFAULT_TOPIC_PREFIX = "ferry";
    public static final int DEFAULT_PARTITIONS = 3;

    /** Dots are left out because they separate the prefix from schema and table in topic names. */
    public static final Pattern TOPIC_PREFIX_PATTERN = Pattern.compile("[A-Za-z0-9_-]+");

    private static final Pattern SERVER_LIST = Pattern.compile("[^,\\s]+:\\d{1,5}(\\s*,\\s*[^,\\s]+:\\d{1,5})*");

    public KafkaSettings {
        topicPrefix = topicPrefix != null ? topicPrefix : DEFAULT_TOPIC_PREFIX;
        if (partitions == 0) {
            partitions = DEFAULT_PARTITIONS;
        }
        if (replicationFactor == 0) {
            replicationFactor = 1;
        }
        Checks.on(KafkaSettings.class)
                .notBlank("bootstrapServers", bootstrapServers)
                .require(bootstrapServers == null || SERVER_LIST.matcher(bootstrapServers).matches(), "bootstrapServers",
                        "must be a comma-separated list of host:port, got '" + bootstrapServers + "'")
                .matches("topicPrefix", topicPrefix, TOPIC_PREFIX_PATTERN, "letters, digits, '-' and '_'")
                .atLeast("partitions", partitions, 1)
                .atLeast("replicationFactor", replicationFactor, 1)
                .validate();
    }
}
