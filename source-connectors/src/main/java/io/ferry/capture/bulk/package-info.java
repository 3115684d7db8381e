/**
 * The bulk full load ({@code capture.snapshotMode: bulk}): a consistent cut of the source, the captured tables copied
 * in parallel key-ordered chunks straight into the target with {@code COPY} (each chunk committed with its done mark
 * in the target's {@code ferry} schema, so a restart copies only unfinished chunks), then Debezium streaming from the
 * cut's position. Values go through the same canonical forms as the snapshot and the stream. It owns the copy; it
 * must not apply streamed changes (the applier does) nor plan the target schema (the orchestrator does).
 */
package io.ferry.capture.bulk;
