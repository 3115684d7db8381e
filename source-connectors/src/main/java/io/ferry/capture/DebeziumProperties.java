package io.ferry.capture;

import io.ferry.capture.engine.SourceEngine;
import io.ferry.capture.engine.SourceEngines;
import io.ferry.core.config.PipelineConfig;
import io.ferry.core.config.SourceConfig;
import io.ferry.core.schema.TableId;
import io.ferry.core.topic.TopicNames;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The Debezium Embedded Engine settings for a pipeline's source. Kept in one place so the
 * choices that decide exactness (precise decimals and unsigned BIGINT, microsecond times,
 * TINYINT(1) as boolean, zero dates) are visible together.
 */
public final class DebeziumProperties {

    /** Most records per batch handed to the Kafka producer. */
    public static final int MAX_BATCH_RECORDS = 2048;
    /** Most records queued between the source reader and the hand-off; must exceed the batch size. */
    public static final int MAX_QUEUE_RECORDS = 8192;
    /** Most bytes queued between the source reader and the hand-off. */
    public static final long MAX_QUEUE_BYTES = 64L * 1024 * 1024;
    /** Most bytes of records the producer holds unsent. */
    public static final long PRODUCER_BUFFER_BYTES = 32L * 1024 * 1024;

    private DebeziumProperties() {
    }

    /**
     * How Debezium retries connection errors against the source (the connector) and failing task starts (the
     * engine): doubling from the initial to the maximum back-off, as many times as fit into
     * {@code capture.retry.maxDurationMs} (Debezium counts retries, not time), without limit by default.
     */
    public static void retries(Properties p, io.ferry.core.config.RetryConfig retry, int retriesWithinLimit) {
        p.setProperty("errors.max.retries", Integer.toString(retriesWithinLimit));
        p.setProperty("errors.retry.delay.initial.ms", Long.toString(retry.initialBackoffMs()));
        p.setProperty("errors.retry.delay.max.ms", Long.toString(retry.maxBackoffMs()));
    }

    /**
     * The pipeline's include and exclude globs as one regular expression over Debezium's {@code db.table} names.
     * Debezium splits the list at commas, so a glob with a comma is left out (no table it names is captured later).
     */
    static String tablePattern(String database, io.ferry.core.config.TablesConfig tables) {
        List<String> excludes = tables.exclude().stream().filter(g -> g.indexOf(',') < 0).map(DebeziumProperties::globRegex).toList();
        List<String> includes = tables.include().stream().filter(g -> g.indexOf(',') < 0).map(DebeziumProperties::globRegex).toList();
        String exclude = excludes.isEmpty() ? "" : "(?!(?:" + String.join("|", excludes) + ")$)";
        return Pattern.quote(database) + "\\." + exclude + "(?:" + String.join("|", includes) + ")";
    }

    private static String globRegex(String glob) {
        StringBuilder re = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char ch : glob.toCharArray()) {
            if (ch == '*' || ch == '?') {
                if (literal.length() > 0) {
                    re.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                re.append(ch == '*' ? ".*" : ".");
            } else {
                literal.append(ch);
            }
        }
        if (literal.length() > 0) {
            re.append(Pattern.quote(literal.toString()));
        }
        return re.toString();
    }

    public static String engineName(PipelineConfig config) {
        return "ferry-capture-" + config.name();
    }

    public static String schemaHistoryTopic(PipelineConfig config) {
        // One history per pipeline: two pipelines on one cluster must not read each other's DDL.
        return TopicNames.SCHEMA_HISTORY + "." + config.name();
    }

    /**
     * A table as Debezium's {@code TableIdParser} reads it from a list property: each part in double quotes (a quote inside
     * doubled), so that a name holding a space or a dot is one part. Debezium splits such a list at commas before it parses
     * it, so a name holding a comma cannot be listed.
     *
     * @throws IllegalArgumentException for a name holding a comma
     */
    static String quotedTableId(TableId t) {
        if (t.schema().contains(",") || t.table().contains(",")) {
            throw new IllegalArgumentException("table " + t + " holds a comma in its name, which Debezium's snapshot.select.statement.overrides"
                    + " cannot list; rename it, or leave it out of the pipeline (tables.exclude)");
        }
        return "\"" + t.schema().replace("\"", "\"\"") + "\".\"" + t.table().replace("\"", "\"\"") + "\"";
    }

    public static Properties of(PipelineConfig config, List<TableId> tables) {
        return of(config, tables, java.util.Map.of(), java.util.Map.of());
    }

    /**
     * @param substituteKeys  for tables without a primary key, the unique index columns that key their changes
     * @param snapshotSelects for some tables, the SELECT their snapshot reads with ({@link SourceTables#snapshotSelects})
     */
    public static Properties of(PipelineConfig config, List<TableId> tables, java.util.Map<TableId, List<String>> substituteKeys,
                                java.util.Map<TableId, String> snapshotSelects) {
        SourceConfig source = config.source();
        Properties p = new Properties();
        p.setProperty("name", engineName(config));
        SourceEngine engine = SourceEngines.of(source.kind());
        // The connector class and what only this engine has (server id and converters, or slot and publication).
        engine.configureDebezium(p, config);
        String bootstrap = config.kafka().bootstrapServers();
        String rf = Short.toString(config.kafka().replicationFactor());

        p.setProperty("offset.storage", BoundedKafkaOffsetStore.class.getName());
        p.setProperty("offset.storage.topic", TopicNames.OFFSETS);
        p.setProperty("offset.storage.partitions", "1");
        p.setProperty("offset.storage.replication.factor", rf);
        p.setProperty("offset.flush.interval.ms", "1000");
        // The offset store's own producer takes the engine's top-level settings. With the broker gone, its send
        // would block for a minute (max.block.ms) inside the commit after every batch, holding up the next batch
        // and the outage WARN; the commit gives up after offset.flush.timeout.ms anyway and is retried later.
        p.setProperty("max.block.ms", "5000");
        // The commit waits at most this long for the offsets' send (BoundedKafkaOffsetStore), which max.block.ms above
        // must leave room for: a wait left with exactly nothing is what Kafka's own store turns into a wait for ever.
        p.setProperty("offset.flush.timeout.ms", "10000");
        p.setProperty("bootstrap.servers", bootstrap);

        p.setProperty("schema.history.internal", "io.debezium.storage.kafka.history.KafkaSchemaHistory");
        p.setProperty("schema.history.internal.kafka.bootstrap.servers", bootstrap);
        p.setProperty("schema.history.internal.kafka.topic", schemaHistoryTopic(config));
        p.setProperty("schema.history.internal.kafka.replication.factor", rf);
        p.setProperty("schema.history.internal.store.only.captured.tables.ddl", "true");
        // A secured cluster: the offset store's clients take the top-level settings, the schema history's its prefixed ones.
        config.kafka().clientConfig().forEach((k, v) -> {
            p.setProperty(k, v);
            p.setProperty("schema.history.internal.producer." + k, v);
            p.setProperty("schema.history.internal.consumer." + k, v);
        });

        p.setProperty("database.hostname", source.host());
        p.setProperty("database.port", Integer.toString(source.port()));
        p.setProperty("database.user", source.user());
        p.setProperty("database.password", source.password().reveal());
        engine.tlsDebeziumProperties(source.tls(), "source.tls").forEach(p::setProperty);
        String listed = tables.stream()
                .map(t -> Pattern.quote(t.schema()) + "\\." + Pattern.quote(t.table()))
                .collect(Collectors.joining(","));
        // The tables listed now, and where the source's log carries DDL a table created later whose name the pipeline's
        // patterns select (its CREATE reaches the applier as a schema change, before its rows); only the listed ones
        // are snapshotted.
        p.setProperty("table.include.list", engine.capturesTablesCreatedWhileRunning() || listed.isEmpty()
                ? listed + "," + tablePattern(source.namespace(), config.tables()) : listed);
        p.setProperty("snapshot.include.collection.list", listed);
        p.setProperty("topic.prefix", config.kafka().topicPrefix());
        // Debezium names its JMX metrics after the topic prefix, which pipelines share by default: without the
        // pipeline's name in them, a second capture in one JVM fails to start (and metrics could not be told apart).
        p.setProperty("custom.metric.tags", "pipeline=" + config.name());
        if (!snapshotSelects.isEmpty()) {
            p.setProperty("snapshot.select.statement.overrides", snapshotSelects.keySet().stream()
                    .map(DebeziumProperties::quotedTableId).collect(Collectors.joining(",")));
            snapshotSelects.forEach((t, sql) -> p.setProperty("snapshot.select.statement.overrides." + quotedTableId(t), sql));
        }
        if (!substituteKeys.isEmpty()) {
            p.setProperty("message.key.columns", substituteKeys.entrySet().stream()
                    .map(e -> Pattern.quote(e.getKey().schema()) + "\\." + Pattern.quote(e.getKey().table()) + ":"
                            + String.join(",", e.getValue()))
                    .collect(Collectors.joining(";")));
        }

        p.setProperty("snapshot.mode", switch (config.capture().snapshotMode()) {
            case INITIAL -> "initial";
            case BULK -> engine.bulkSnapshotMode();
            case NO_DATA -> "no_data";
            case WHEN_NEEDED -> "when_needed";
        });
        p.setProperty("snapshot.fetch.size", "10000");
        // DDL of the captured tables reaches the change consumer with the table's new shape (SchemaChanges), in position
        // order with the rows; the applier brings the target along (docs/schema-changes.md).
        p.setProperty("include.schema.changes", "true");
        p.setProperty("tombstones.on.delete", "false");
        // TRUNCATE TABLE must reach the target; Debezium skips truncate events unless told otherwise.
        p.setProperty("skipped.operations", "none");
        p.setProperty("provide.transaction.metadata", "false");
        long heartbeat = config.capture().heartbeatIntervalMs();
        p.setProperty("heartbeat.interval.ms", Long.toString(heartbeat));
        // The binlog client asks the server for heartbeat events every 0.8 x the keep-alive interval
        // (60 s by default); only on such events does an idle source move Debezium's offsets, which a
        // drain waits for. Tie it to Ferry's heartbeat so a quiet source is confirmed within seconds.
        p.setProperty("connect.keep.alive.interval.ms", Long.toString(Math.max(1000L, heartbeat * 5 / 4)));
        // Bounded memory in records and in bytes: a snapshot of wide rows otherwise fills the heap with the
        // queue between the reader and the Kafka hand-off (1M rows took capture to 4-6 GB without a heap limit).
        p.setProperty("max.batch.size", Integer.toString(MAX_BATCH_RECORDS));
        p.setProperty("max.queue.size", Integer.toString(MAX_QUEUE_RECORDS));
        p.setProperty("max.queue.size.in.bytes", Long.toString(MAX_QUEUE_BYTES));
        p.setProperty("poll.interval.ms", "50");

        p.setProperty("bigint.unsigned.handling.mode", "precise");
        // decimal.handling.mode: each engine's (SourceEngine#configureDebezium).
        p.setProperty("time.precision.mode", "adaptive_time_microseconds");
        p.setProperty("binary.handling.mode", "bytes");
        p.setProperty("event.processing.failure.handling.mode", "fail");
        // Debezium's default (warn) turns a value a converter cannot convert into NULL with a log line: a silent
        // change of data. Ferry's converters report such values themselves; anything else stops capture.
        p.setProperty("event.converting.failure.handling.mode", "fail");
        // Last, so a connector file's tuning (snapshot.fetch.size, ...) wins; keys Ferry owns were refused when the
        // config was read (DebeziumPassThrough).
        source.debezium().forEach((k, v) -> p.setProperty(k, v.reveal()));
        return p;
    }
}
