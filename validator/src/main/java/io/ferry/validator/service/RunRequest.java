package io.ferry.validator.service;

import java.util.List;

/**
 * What a validation run should check and how; every field may be left out.
 *
 * @param tables                     source table names; null for every table of the pipeline
 * @param segmentRows                rows per segment
 * @param concurrency                segments at once
 * @param rowsPerSecond              source read limit, 0 for none
 * @param convergenceTimeoutSeconds  live mode: how long differences may take to go away; null for one pass
 */
public record RunRequest(List<String> tables, Long segmentRows, Integer concurrency, Long rowsPerSecond,
        Long convergenceTimeoutSeconds) {

    public static final RunRequest DEFAULTS = new RunRequest(null, null, null, null, null);
}
