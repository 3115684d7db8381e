package io.ferry.orchestrator.check;

import io.ferry.core.config.TablesConfig.KeylessTables;
import io.ferry.core.value.jdbc.Engine;
import io.ferry.orchestrator.schema.PostgresSourceTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** The prerequisites of capturing a PostgreSQL schema through logical decoding, and its tables' keys. */
public final class PostgresSourceChecks {

    private PostgresSourceChecks() {
    }

    /** Retained WAL above which {@code ferry check} warns: capture is stopped or behind, and the source's disk fills. */
    public static final long SLOT_LAG_WARNING_BYTES = 1L << 30;

    public static List<Finding> run(Connection c, List<PostgresSourceTable> tables, KeylessTables keyless) throws SQLException {
        return run(c, tables, keyless, null);
    }

    /** @param pipeline the pipeline's name, whose replication slot's retained WAL is reported; null to leave it out */
    public static List<Finding> run(Connection c, List<PostgresSourceTable> tables, KeylessTables keyless, String pipeline)
            throws SQLException {
        List<Finding> findings = new ArrayList<>();
        if (pipeline != null) {
            java.util.OptionalLong retained = io.ferry.capture.PostgresSlot.retainedWalBytes(c, pipeline);
            if (retained.isPresent()) {
                findings.add(slotLag(io.ferry.capture.PostgresSlot.slotName(pipeline), retained.getAsLong()));
            }
        }
        String server = "source server";
        String walLevel = single(c, "SHOW wal_level");
        if (!"logical".equals(walLevel)) {
            findings.add(Finding.error("wal.level", server, "wal_level is " + walLevel
                    + "; capture needs logical (ALTER SYSTEM SET wal_level = logical, then restart)"));
        }
        if (Integer.parseInt(single(c, "SHOW max_replication_slots")) < 1) {
            findings.add(Finding.error("wal.slots", server, "max_replication_slots is 0; capture needs one slot"));
        }
        String user = single(c, "SELECT current_user");
        boolean replication = "t".equals(single(c, "SELECT (rolreplication OR rolsuper)::text::char FROM pg_roles WHERE rolname = current_user"));
        if (!replication) {
            findings.add(Finding.error("privilege.missing", "user " + user, "missing REPLICATION; run: ALTER ROLE " + Engine.POSTGRESQL.quote(user)
                    + " WITH REPLICATION"));
        }
        if (pipeline != null) {
            findings.addAll(publication(c, tables, pipeline));
        }
        for (PostgresSourceTable t : tables) {
            String table = Engine.POSTGRESQL.quote(t.id().schema()) + "." + Engine.POSTGRESQL.quote(t.id().table());
            try (PreparedStatement ps = c.prepareStatement("SELECT has_table_privilege(?, 'SELECT')")) {
                ps.setString(1, table);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        findings.add(Finding.error("privilege.missing", t.id().toString(), "missing SELECT; run: GRANT SELECT ON "
                                + table + " TO " + Engine.POSTGRESQL.quote(user)));
                    }
                }
            }
            String identity = replicaIdentity(c, t);
            replicaIdentity(identity, t).ifPresent(findings::add);
            if (t.primaryKey().isEmpty()) {
                if (keyless == KeylessTables.REFUSE) {
                    findings.add(Finding.error("table.no-key", t.id().toString(), "no primary key, and tables.withoutPrimaryKey is refuse; "
                            + "add a primary key or exclude the table (tables.exclude)"));
                } else if (t.substituteKey().isEmpty()) {
                    findings.add(Finding.error("table.no-key", t.id().toString(), "no primary key and no unique index over NOT NULL "
                            + "columns; add a key or exclude the table (tables.exclude)"));
                } else {
                    findings.add(keylessWarning(identity, t));
                }
            }
        }
        return findings;
    }

    /**
     * The pipeline's publication. Where it exists, it must publish a partitioned table's changes as the table's own
     * ({@code publish_via_partition_root}): capture follows the tables it lists, not their partitions. Where capture is
     * to create it ({@code FOR TABLE} the captured tables), PostgreSQL lets only the tables' owner (or a member of the
     * owning role, or a superuser) do so, with CREATE on the database.
     */
    public static List<Finding> publication(Connection c, List<PostgresSourceTable> tables, String pipeline) throws SQLException {
        String name = io.ferry.capture.PostgresSlot.publicationName(pipeline);
        String where = "publication " + name;
        Boolean viaRoot = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT pubviaroot FROM pg_publication WHERE pubname = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    viaRoot = rs.getBoolean(1);
                }
            }
        }
        List<String> partitioned = new ArrayList<>();
        java.util.Set<String> owners = new java.util.TreeSet<>();
        boolean ownedBySuperuser = false;
        try (PreparedStatement ps = c.prepareStatement("SELECT c.relkind::text, pg_has_role(current_user, c.relowner, 'USAGE'), "
                + "pg_get_userbyid(c.relowner), (SELECT r.rolsuper FROM pg_roles r WHERE r.oid = c.relowner) "
                + "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ?")) {
            for (PostgresSourceTable t : tables) {
                ps.setString(1, t.id().schema());
                ps.setString(2, t.id().table());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        if ("p".equals(rs.getString(1))) {
                            partitioned.add(t.id().toString());
                        }
                        if (!rs.getBoolean(2) && rs.getBoolean(4)) {
                            ownedBySuperuser = true; // its role is not one to grant: the publication is created by its owner
                        } else if (!rs.getBoolean(2)) {
                            owners.add(rs.getString(3));
                        }
                    }
                }
            }
        }
        List<Finding> findings = new ArrayList<>();
        if (viaRoot != null) {
            if (!viaRoot && !partitioned.isEmpty()) {
                findings.add(Finding.error("publication.partition-root", where, "publishes the changes of partitioned table(s) "
                        + partitioned + " under their partitions' names, which capture does not follow; run: ALTER PUBLICATION "
                        + Engine.POSTGRESQL.quote(name) + " SET (publish_via_partition_root = true)"));
            }
            return findings;
        }
        boolean superuser = "t".equals(single(c, "SELECT rolsuper::text::char FROM pg_roles WHERE rolname = current_user"));
        boolean create = "t".equals(single(c, "SELECT has_database_privilege(current_database(), 'CREATE')::text::char"));
        if (superuser || (create && owners.isEmpty() && !ownedBySuperuser)) {
            return findings;
        }
        String user = Engine.POSTGRESQL.quote(single(c, "SELECT current_user"));
        List<String> grants = new ArrayList<>();
        if (!create) {
            grants.add("GRANT CREATE ON DATABASE " + Engine.POSTGRESQL.quote(single(c, "SELECT current_database()")) + " TO " + user);
        }
        owners.forEach(o -> grants.add("GRANT " + Engine.POSTGRESQL.quote(o) + " TO " + user));
        String createIt = "CREATE PUBLICATION " + Engine.POSTGRESQL.quote(name) + " FOR TABLE " + tables.stream()
                .map(t -> Engine.POSTGRESQL.quote(t.id().schema()) + "." + Engine.POSTGRESQL.quote(t.id().table()))
                .collect(java.util.stream.Collectors.joining(", ")) + " WITH (publish_via_partition_root = true)";
        String remedy = ownedBySuperuser ? "create the publication beforehand as the tables' owner (a superuser owns some of them): "
                : "run: " + String.join("; ", grants) + "; or create the publication beforehand as the tables' owner: ";
        findings.add(Finding.error("privilege.publication", where, "capture creates it for the captured tables, which PostgreSQL "
                + "allows only to a member of the tables' owner role with CREATE on the database; user " + user + " is not; "
                + remedy + createIt));
        return findings;
    }

    /** A table's REPLICA IDENTITY as {@code pg_class.relreplident} has it ({@code d}, {@code n}, {@code f}, {@code i}), or null. */
    static String replicaIdentity(Connection c, PostgresSourceTable t) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT c.relreplident::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relname = ?")) {
            ps.setString(1, t.id().schema());
            ps.setString(2, t.id().table());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /**
     * What PostgreSQL writes to the WAL to identify an updated or deleted row (REPLICA IDENTITY): NOTHING makes the
     * source refuse UPDATE and DELETE once the table is published; DEFAULT (the primary key) identifies nothing in a
     * table without one, so a keyless table needs USING INDEX on its substitute key (or FULL).
     */
    static java.util.Optional<Finding> replicaIdentity(String identity, PostgresSourceTable t) {
        String table = Engine.POSTGRESQL.quote(t.id().schema()) + "." + Engine.POSTGRESQL.quote(t.id().table());
        if ("n".equals(identity) || "d".equals(identity) && t.primaryKey().isEmpty()) {
            return java.util.Optional.of(Finding.error("table.replica-identity", t.id().toString(), "REPLICA IDENTITY "
                    + ("n".equals(identity) ? "NOTHING" : "DEFAULT without a primary key")
                    + ": its updates and deletes cannot be captured (PostgreSQL refuses them once the table is published); run: ALTER TABLE "
                    + table + " REPLICA IDENTITY " + (t.primaryKey().isEmpty() ? "USING INDEX <its unique index over NOT NULL columns>" : "DEFAULT")));
        }
        return java.util.Optional.empty();
    }

    /** A table without a primary key whose unique index serves as its key; the replica identity it has, or that it needs one. */
    static Finding keylessWarning(String identity, PostgresSourceTable t) {
        String has = switch (identity == null ? "" : identity) {
            case "i" -> ", which its REPLICA IDENTITY USING INDEX lets capture follow";
            case "f" -> ", which its REPLICA IDENTITY FULL lets capture follow";
            default -> ", and the table needs REPLICA IDENTITY USING INDEX";
        };
        return Finding.warning("table.no-primary-key", t.id().toString(), "no primary key; its unique index on " + t.substituteKey()
                + " will serve as the key" + has);
    }

    private static String single(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** The finding on a replication slot's retained WAL: information, or a warning above {@link #SLOT_LAG_WARNING_BYTES}. */
    static Finding slotLag(String slot, long bytes) {
        String size = bytes >= 1L << 20 ? (bytes >> 20) + " MiB" : bytes + " bytes";
        if (bytes > SLOT_LAG_WARNING_BYTES) {
            return Finding.warning("slot.lag", "replication slot " + slot, "retains " + size + " of WAL: capture is stopped or "
                    + "behind, and the source keeps this WAL until capture confirms it (start capture, or drop the slot of a "
                    + "migration given up: docs/postgresql-source.md)");
        }
        return Finding.info("slot.lag", "replication slot " + slot, "retains " + size + " of WAL");
    }
}
