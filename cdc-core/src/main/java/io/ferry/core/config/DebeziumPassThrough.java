package io.ferry.core.config;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * More Debezium connector properties given as they are ({@code debezium:} of a connector file or of a pipeline's
 * {@code source}). They go to the engine after Ferry's own, so they may add any property and change the tuning ones
 * ({@link #TUNABLE}), but not the ones Ferry's guarantees rest on: where offsets and schema history live, what is
 * captured, how values are converted, errors, TLS (set it with {@code tls}), signals. Those are refused here, at
 * the key, rather than silently overridden.
 */
public final class DebeziumPassThrough {

    /** Properties Ferry sets that a pass-through may change: sizes and intervals. */
    public static final Set<String> TUNABLE = Set.of("snapshot.fetch.size", "max.batch.size", "max.queue.size",
            "max.queue.size.in.bytes", "poll.interval.ms", "connect.keep.alive.interval.ms");

    private static final Set<String> OWNED_KEYS = Set.of("name", "connector.class", "bootstrap.servers", "max.block.ms", "topic.prefix",
            "database.hostname", "database.port", "database.user", "database.password", "database.dbname", "database.server.id",
            "database.timezone", "database.include.list", "database.exclude.list", "schema.include.list", "schema.exclude.list",
            "table.include.list", "table.exclude.list", "column.include.list", "column.exclude.list", "snapshot.include.collection.list",
            "snapshot.mode", "snapshot.locking.mode", "message.key.columns", "custom.metric.tags", "include.schema.changes",
            "tombstones.on.delete", "skipped.operations", "provide.transaction.metadata", "heartbeat.interval.ms",
            "heartbeat.action.query", "bigint.unsigned.handling.mode", "decimal.handling.mode", "time.precision.mode",
            "binary.handling.mode", "hstore.handling.mode", "interval.handling.mode", "include.unknown.datatypes",
            "unavailable.value.placeholder", "event.processing.failure.handling.mode", "event.converting.failure.handling.mode",
            "converters", "database.sslmode", "database.sslrootcert", "database.sslcert", "database.sslkey",
            "database.sslpassword", "database.sslfactory", "publish.via.partition.root", "datatype.propagate.source.type",
            "column.propagate.source.type");

    private static final List<String> OWNED_PREFIXES = List.of("offset.", "schema.history.internal", "signal.", "ferry.",
            "database.ssl.", "driver.", "slot.", "publication.", "plugin.", "snapshot.select.statement.overrides", "errors.",
            "security.", "ssl.", "sasl.", "transforms", "predicates", "key.converter", "value.converter", "notification.");

    private DebeziumPassThrough() {
    }

    /** Whether Ferry sets this property for a reason a pass-through may not overrule. */
    public static boolean owned(String key) {
        return !TUNABLE.contains(key) && (OWNED_KEYS.contains(key) || OWNED_PREFIXES.stream().anyMatch(key::startsWith));
    }

    /** The keys of {@code keys} a pass-through may not set, in their order. */
    static List<String> ownedOf(Collection<String> keys) {
        return keys.stream().filter(DebeziumPassThrough::owned).sorted().toList();
    }

    /** The rule for a record's {@code debezium} component: none of its keys is one Ferry owns. */
    static void check(Checks checks, Collection<String> keys) {
        List<String> owned = ownedOf(keys);
        checks.require(owned.isEmpty(), "debezium", "Ferry sets " + String.join(", ", owned)
                + " itself (where offsets live, what is captured, value conversion, errors, TLS, signals); "
                + "only other properties and " + String.join(", ", TUNABLE.stream().sorted().toList()) + " may be given here");
    }
}
