package io.ferry.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How the bulk full load ({@code capture.snapshotMode: bulk}) runs.
 *
 * @param readers   source connections reading chunks in parallel, all inside one consistent cut; 0 selects the
 *                  machine's cores (at least 2)
 * @param writers   target connections writing chunks with {@code COPY} in parallel; 0 selects the machine's cores
 *                  (at least 2)
 * @param chunkRows rows per chunk (each chunk is one target transaction and the unit of resumption); 0 selects
 *                  {@value #DEFAULT_CHUNK_ROWS}
 */
public record BulkLoadConfig(
        @JsonProperty(defaultValue = "0") int readers,
        @JsonProperty(defaultValue = "0") int writers,
        @JsonProperty(defaultValue = "50000") long chunkRows) {

    public static final long DEFAULT_CHUNK_ROWS = 50_000;
    public static final BulkLoadConfig DEFAULTS = new BulkLoadConfig(0, 0, 0);

    public BulkLoadConfig {
        int cores = Math.max(2, Runtime.getRuntime().availableProcessors());
        Checks.on(BulkLoadConfig.class)
                .atLeast("readers", readers, 0)
                .atLeast("writers", writers, 0)
                .atLeast("chunkRows", chunkRows, 0)
                .validate();
        readers = readers == 0 ? cores : readers;
        writers = writers == 0 ? cores : writers;
        chunkRows = chunkRows == 0 ? DEFAULT_CHUNK_ROWS : chunkRows;
    }
}
