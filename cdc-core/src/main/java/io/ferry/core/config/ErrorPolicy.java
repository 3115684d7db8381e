package io.ferry.core.config;

/**
 * What the applier does with a change it cannot apply (after retriable errors have been retried).
 * YAML: {@code dlq} (park it in the dead-letter topic with the reason and go on) or {@code stop} (halt the
 * pipeline so an operator decides).
 */
public enum ErrorPolicy {
    DLQ,
    STOP
}
