package io.ferry.apply.jdbc;

import io.ferry.apply.PartitionKey;
import io.ferry.apply.PartitionMovedException;
import io.ferry.apply.Progress;
import io.ferry.core.event.ChangeEventCodec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code ferry.applied_offsets} on a MySQL/MariaDB target (a database named {@code ferry}): the same table, semantics and
 * fence as {@link AppliedOffsetStore} on PostgreSQL. Written in the same transaction as the rows it covers (InnoDB), so a
 * replay after a crash skips what is applied; a batch at or below the recorded offset of a partition is refused with
 * {@link PartitionMovedException}.
 *
 * <p>MySQL has no {@code ON CONFLICT .. WHERE}, and {@code ON DUPLICATE KEY UPDATE} reports found rather than changed
 * rows under Connector/J's defaults, so the fence is an {@code UPDATE .. WHERE kafka_offset < ?} whose matched-row count
 * tells, after the row has been made to exist with offset -1.
 */
public final class MySqlAppliedOffsetStore {

    private static final String CREATE = "CREATE TABLE IF NOT EXISTS ferry.applied_offsets ("
            + "applier VARCHAR(255) NOT NULL, topic VARCHAR(255) NOT NULL, kafka_partition INT NOT NULL, "
            + "kafka_offset BIGINT NOT NULL, source_position TEXT, position TEXT, applied_at TIMESTAMP(6) NOT NULL, "
            + "PRIMARY KEY (applier, topic, kafka_partition)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin";
    private static final String ENSURE_ROW = "INSERT INTO ferry.applied_offsets "
            + "(applier, topic, kafka_partition, kafka_offset, applied_at) VALUES (?, ?, ?, -1, UTC_TIMESTAMP(6)) "
            + "ON DUPLICATE KEY UPDATE kafka_offset = kafka_offset";
    private static final String ADVANCE = "UPDATE ferry.applied_offsets SET kafka_offset = ?, source_position = ?, position = ?, "
            + "applied_at = UTC_TIMESTAMP(6) WHERE applier = ? AND topic = ? AND kafka_partition = ? AND kafka_offset < ?";

    private final String applier;

    public MySqlAppliedOffsetStore(String applier) {
        this.applier = applier;
    }

    public String applier() {
        return applier;
    }

    /** Creates the {@code ferry} database and the table if they are missing (DDL commits on its own in MySQL). */
    public static void ensureSchema(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE IF NOT EXISTS ferry DEFAULT CHARACTER SET utf8mb4");
            s.execute(CREATE);
        }
    }

    public Map<PartitionKey, Progress> load(Connection c) throws SQLException {
        Map<PartitionKey, Progress> m = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT topic, kafka_partition, kafka_offset, position FROM ferry.applied_offsets WHERE applier = ? AND kafka_offset >= 0")) {
            ps.setString(1, applier);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String position = rs.getString(4);
                    m.put(new PartitionKey(rs.getString(1), rs.getInt(2)),
                            new Progress(rs.getLong(3), position == null ? null : ChangeEventCodec.decodePosition(position)));
                }
            }
        }
        return m;
    }

    /** Records progress inside the caller's open transaction; see {@link AppliedOffsetStore#record}. */
    public void record(Connection c, Map<PartitionKey, Progress> progress) throws SQLException {
        Set<PartitionKey> moved = new TreeSet<>(Comparator.comparing(PartitionKey::topic).thenComparing(PartitionKey::partition));
        try (PreparedStatement ensure = c.prepareStatement(ENSURE_ROW);
             PreparedStatement advance = c.prepareStatement(ADVANCE)) {
            for (var e : progress.entrySet()) {
                ensure.setString(1, applier);
                ensure.setString(2, e.getKey().topic());
                ensure.setInt(3, e.getKey().partition());
                ensure.executeUpdate();
                advance.setLong(1, e.getValue().offset());
                advance.setString(2, e.getValue().describePosition());
                advance.setString(3, e.getValue().position() == null ? null : ChangeEventCodec.encodePosition(e.getValue().position()));
                advance.setString(4, applier);
                advance.setString(5, e.getKey().topic());
                advance.setInt(6, e.getKey().partition());
                advance.setLong(7, e.getValue().offset());
                if (advance.executeUpdate() == 0) {
                    moved.add(e.getKey());
                }
            }
        }
        if (!moved.isEmpty()) {
            throw new PartitionMovedException(moved);
        }
    }
}
