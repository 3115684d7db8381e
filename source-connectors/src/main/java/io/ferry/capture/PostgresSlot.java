package io.ferry.capture;

import io.ferry.core.config.PipelineConfig;
import io.ferry.core.config.SourceConfig;
import io.ferry.core.value.jdbc.Engine;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;

/**
 * The PostgreSQL side of capture: the logical replication slot and the publication a pipeline reads through
 * ({@code pgoutput}), both named after the pipeline ({@link #slotName}, {@link #publicationName}), created by
 * Debezium on the first start, reused on every later one, and dropped by {@link #drop} when the migration is
 * completed or abandoned. docs/postgresql-source.md describes them.
 */
public final class PostgresSlot {

    /** What Debezium puts in place of a TOASTed value that an UPDATE left unchanged (PostgreSQL does not send it). */
    public static final String UNAVAILABLE = "__debezium_unavailable_value";

    /** What a heartbeat runs on the source: a WAL record with no table, no lock and no row. */
    static final String HEARTBEAT_QUERY = "SELECT pg_logical_emit_message(false, 'ferry-heartbeat', '')";

    /** PostgreSQL's identifier limit (NAMEDATALEN - 1). */
    private static final int MAX_NAME = 63;

    private PostgresSlot() {
    }

    /** {@code ferry_} and the pipeline's name in lower case with every other character than a-z, 0-9 and _ as _. */
    public static String slotName(String pipeline) {
        String name = "ferry_" + pipeline.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        return name.length() > MAX_NAME ? name.substring(0, MAX_NAME) : name;
    }

    /** The publication has the slot's name. */
    public static String publicationName(String pipeline) {
        return slotName(pipeline);
    }

    /** The Debezium settings that only a PostgreSQL source has. */
    public static void configure(Properties p, PipelineConfig config) {
        p.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        p.setProperty("plugin.name", "pgoutput");
        p.setProperty("slot.name", slotName(config.name()));
        p.setProperty("publication.name", publicationName(config.name()));
        // Debezium creates the publication for the captured tables only (and brings its table list up to date when the
        // selection changes); the slot stays when capture stops, so a restart resumes from its confirmed position.
        p.setProperty("publication.autocreate.mode", "filtered");
        // A partitioned table's changes are published as its own (publish_via_partition_root), not as its partitions',
        // which capture does not list: they reach its one topic and its one target table, as its snapshot does.
        p.setProperty("publish.via.partition.root", "true");
        p.setProperty("slot.drop.on.stop", "false");
        // Each heartbeat (heartbeat.interval.ms) writes a non-transactional logical decoding message into the WAL, which
        // reaches capture through the slot like a change: capture's position then moves past every earlier commit even
        // when the captured tables are idle (the drain compares it with pg_current_wal_lsn()), and Debezium confirms
        // that position to the slot, so the server can recycle the WAL behind it (docs/postgresql-source.md).
        p.setProperty("heartbeat.action.query", HEARTBEAT_QUERY);
        p.setProperty("unavailable.value.placeholder", UNAVAILABLE);
        // Intervals as ISO 8601 text (P1Y2M3DT4H5M6.5S), which PostgreSQL reads back unchanged; the default (microseconds)
        // folds months into days.
        p.setProperty("interval.handling.mode", "string");
        p.setProperty("hstore.handling.mode", "json");
        // numeric as its text: exact, and NaN, Infinity and -Infinity (which a BigDecimal cannot hold) travel too. The
        // column's type, length and scale go with it, so capture tells a numeric from text and a declared scale from none
        // (ConnectValues#numeric).
        p.setProperty("decimal.handling.mode", "string");
        p.setProperty("datatype.propagate.source.type", "(?i).+\\.(numeric|decimal)");
        p.setProperty("include.unknown.datatypes", "false");
    }

    /**
     * Drops the pipeline's replication slot and publication if they exist. The slot must not be in use (capture stopped).
     *
     * @return a line saying what was dropped
     */
    public static String drop(SourceConfig source, String pipeline) throws SQLException {
        String slot = slotName(pipeline);
        String publication = publicationName(pipeline);
        boolean slotDropped;
        try (Connection c = SourceTables.connect(source)) {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = ? AND database = current_database()")) {
                ps.setString(1, slot);
                try (ResultSet rs = ps.executeQuery()) {
                    slotDropped = rs.next();
                }
            }
            String owner = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_get_userbyid(pubowner) FROM pg_publication WHERE pubname = ? "
                    + "AND NOT pg_has_role(current_user, pubowner, 'USAGE')")) {
                ps.setString(1, publication);
                try (ResultSet rs = ps.executeQuery()) {
                    owner = rs.next() ? rs.getString(1) : null;
                }
            }
            String where = " on " + source.host() + ":" + source.port() + "/" + source.database();
            if (owner != null) {
                // Created beforehand by the tables' owner (docs/postgresql-source.md): only its owner may drop it. It holds no
                // WAL; the slot, which does, is gone.
                return (slotDropped ? "dropped" : "found no") + " replication slot " + slot + where + "; left publication " + publication
                        + ", which belongs to " + owner + ": drop it as " + owner + " (DROP PUBLICATION \"" + publication + "\"); it holds no WAL";
            }
            try (Statement s = c.createStatement()) {
                s.execute("DROP PUBLICATION IF EXISTS \"" + publication + "\"");
            }
            return (slotDropped ? "dropped" : "found no") + " replication slot " + slot + " and dropped publication " + publication
                    + " (if it existed)" + where;
        }
    }

    /**
     * The WAL the slot holds back: bytes from the position capture last confirmed to the slot to the server's current
     * WAL position. Heartbeats keep it small on an idle source; it grows while capture is stopped or stuck.
     */
    static final String RETAINED_WAL = "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)::bigint "
            + "FROM pg_replication_slots WHERE slot_name = ? AND database = current_database()";

    /** The bytes of WAL the pipeline's slot retains ({@link #RETAINED_WAL}); empty when there is no such slot (yet). */
    public static java.util.OptionalLong retainedWalBytes(Connection c, String pipeline) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(RETAINED_WAL)) {
            ps.setString(1, slotName(pipeline));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return java.util.OptionalLong.empty();
                }
                long bytes = rs.getLong(1);
                return rs.wasNull() ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(Math.max(0, bytes));
            }
        }
    }

    /**
     * Creates the pipeline's publication for the given tables and its replication slot, unless they exist, before capture
     * starts: what is written after this call is what the slot holds, whenever capture starts reading it. Reverse
     * replication creates them during the cutover's freeze (docs/rollback.md), so that nothing written on the target
     * after the flip is missed and nothing Ferry wrote before it is captured back. Idempotent.
     *
     * @return the slot's position (its {@code confirmed_flush_lsn}) as PostgreSQL prints it
     */
    public static String create(SourceConfig source, String pipeline, java.util.List<io.ferry.core.schema.TableId> tables) throws SQLException {
        if (tables.isEmpty()) {
            throw new IllegalArgumentException("a publication for pipeline " + pipeline + " needs at least one table");
        }
        String slot = slotName(pipeline);
        String publication = publicationName(pipeline);
        try (Connection c = SourceTables.connect(source)) {
            c.setAutoCommit(true);
            boolean published;
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_publication WHERE pubname = ?")) {
                ps.setString(1, publication);
                try (ResultSet rs = ps.executeQuery()) {
                    published = rs.next();
                }
            }
            if (!published) {
                String list = tables.stream().map(t -> Engine.POSTGRESQL.quote(t.schema()) + "." + Engine.POSTGRESQL.quote(t.table()))
                        .collect(java.util.stream.Collectors.joining(", "));
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE PUBLICATION " + Engine.POSTGRESQL.quote(publication) + " FOR TABLE " + list);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT confirmed_flush_lsn::text FROM pg_replication_slots WHERE slot_name = ?")) {
                ps.setString(1, slot);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return rs.getString(1);
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT lsn::text FROM pg_create_logical_replication_slot(?, 'pgoutput')")) {
                ps.setString(1, slot);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            }
        }
    }

    /** Whether the pipeline's slot exists on the source. */
    public static boolean slotExists(SourceConfig source, String pipeline) throws SQLException {
        try (Connection c = SourceTables.connect(source);
             PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, slotName(pipeline));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Whether the pipeline's publication exists on the source. */
    public static boolean publicationExists(SourceConfig source, String pipeline) throws SQLException {
        try (Connection c = SourceTables.connect(source);
             PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_publication WHERE pubname = ?")) {
            ps.setString(1, publicationName(pipeline));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
