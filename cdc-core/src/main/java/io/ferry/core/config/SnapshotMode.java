package io.ferry.core.config;

/**
 * Whether capture copies existing rows before streaming changes. YAML: {@code initial} (copy, then stream),
 * {@code no_data} (stream only, for when the full load is done by Ferry's bulk path or not wanted),
 * {@code when_needed} (copy only if no usable stored position exists).
 */
public enum SnapshotMode {
    INITIAL,
    NO_DATA,
    WHEN_NEEDED
}
