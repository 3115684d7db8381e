package io.ferry.core.config;

/**
 * What becomes of a MySQL zero or invalid date ({@code '0000-00-00'}, {@code '2024-00-10'},
 * {@code '0000-00-00 00:00:00'}), which PostgreSQL cannot store. YAML: {@code as_null}, {@code error},
 * {@code sentinel}. Snapshot and stream apply the same policy.
 */
public enum ZeroDatePolicy {
    /** The target gets NULL (its column is then created nullable). */
    AS_NULL,
    /** Capture stops with an error naming table, column and value. */
    ERROR,
    /** The target gets the column's {@code sentinel} value. */
    SENTINEL
}
