/**
 * The embedded single-node Kafka broker: what {@code ferry run} uses when the pipeline names no Kafka,
 * and what the test sandbox uses. Owns the broker's configuration and its data directory; knows
 * nothing of pipelines or topics.
 */
package io.ferry.kafka;
