package io.ferry.core.config;

/** The database engine Ferry applies changes to. YAML: {@code postgresql}. */
public enum TargetKind {
    POSTGRESQL
}
