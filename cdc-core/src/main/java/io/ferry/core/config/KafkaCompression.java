package io.ferry.core.config;

import java.util.Locale;

/**
 * How capture compresses the change batches it produces (Kafka's {@code compression.type}). YAML: {@code none},
 * {@code gzip}, {@code snappy}, {@code lz4} (the default: cheap on CPU, and base64 binary in JSON events shrinks
 * by about a quarter), {@code zstd} (smaller, more CPU).
 */
public enum KafkaCompression {
    NONE,
    GZIP,
    SNAPPY,
    LZ4,
    ZSTD;

    /** The value of the producer's {@code compression.type}. */
    public String producerValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
