/**
 * Pipeline and connector configuration: immutable records read from YAML by {@link io.ferry.core.config.ConfigLoader}.
 *
 * <p>Owns the file format (documented in {@code docs/configuration.md}), its validation and the {@link
 * io.ferry.core.config.Secret} type. It reports every mistake in a file at once, with file, line, column and key,
 * and never prints a secret. It must not open connections or know about Kafka, Debezium or JDBC: the adapters
 * turn these records into their own client settings.
 */
package io.ferry.core.config;
