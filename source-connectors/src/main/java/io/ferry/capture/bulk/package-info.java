/**
 * The bulk full load ({@code capture.snapshotMode: bulk}): a consistent cut of the source, the captured tables copied
 * in parallel key-ordered chunks straight into the target with {@code COPY} (each chunk committed with its done mark
 * in the target's {@code ferry} schema, so a restart copies only unfinished chunks), then Debezium streaming from the
 * cut's position. Values go through the same canonical forms as the snapshot and the stream. It owns the copy; it
 * must not apply streamed changes (the applier does) nor plan the target schema (the orchestrator does).
 *
 * <p>Its target side is PostgreSQL's and only PostgreSQL's: {@code COPY} ({@link io.ferry.capture.bulk.CopyText}), the
 * secondary indexes set aside from {@code pg_catalog} ({@link io.ferry.capture.bulk.SecondaryIndexes}) and its own
 * bookkeeping tables {@code ferry.bulk_loads}, {@code ferry.bulk_tables}, {@code ferry.bulk_chunks}
 * ({@link io.ferry.capture.bulk.BulkState}), none of which goes through the applier's target dialect.
 * {@link io.ferry.capture.bulk.BulkLoad#BulkLoad} refuses any other target kind: the one place that says so.
 */
package io.ferry.capture.bulk;
