package io.ferry.core.config;

/**
 * How capture copies the rows that exist before it starts streaming changes. YAML: {@code bulk} (the default: Ferry's
 * own full load, a consistent cut copied in parallel key-ordered chunks straight into the target with {@code COPY},
 * then Debezium streams from the cut's position), {@code initial} (Debezium's snapshot through Kafka and the applier,
 * then stream), {@code no_data} (stream only), {@code when_needed} (Debezium's snapshot only if no usable stored
 * position exists).
 */
public enum SnapshotMode {
    BULK,
    INITIAL,
    NO_DATA,
    WHEN_NEEDED
}
