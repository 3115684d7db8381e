package io.ferry.apply.jdbc;

import io.ferry.apply.PartitionKey;
import io.ferry.apply.PartitionMovedException;
import io.ferry.apply.Progress;
import io.ferry.core.event.ChangeEventCodec;
import io.ferry.apply.dialect.TargetDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code ferry.applied_offsets} table on the target: per applier and partition, the last Kafka
 * offset applied and the highest source position applied (as text for people, {@code source_position},
 * and as JSON for the applier, {@code position}). Written in the same transaction as the rows it covers,
 * which is what makes replays harmless. User tables get no extra columns.
 */
public final class AppliedOffsetStore {

    public static final String SCHEMA = "ferry";
    public static final String TABLE = "applied_offsets";

    private final TargetDialect dialect;
    private final String applier;

    public AppliedOffsetStore(TargetDialect dialect, String applier) {
        this.dialect = dialect;
        this.applier = applier;
    }

    /** The applier (Kafka Streams application id) whose progress this store keeps. */
    public String applier() {
        return applier;
    }

    /** Creates the table when it does not exist yet. */
    public void ensureSchema(Connection c) throws SQLException {
        dialect.ensureBookkeeping(c, dialect.createAppliedOffsets());
    }

    public Map<PartitionKey, Progress> load(Connection c) throws SQLException {
        Map<PartitionKey, Progress> m = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(dialect.selectAppliedOffsets())) {
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

    /**
     * Records progress inside the caller's open transaction. Throws {@link PartitionMovedException} (the caller
     * rolls back) when the target already has a partition at or past the batch's offset.
     */
    public void record(Connection c, Map<PartitionKey, Progress> progress) throws SQLException {
        Set<PartitionKey> moved = new TreeSet<>(java.util.Comparator.comparing(PartitionKey::topic).thenComparing(PartitionKey::partition));
        // The dialect's statement fences instances of one application: an applier that lost the partition in a rebalance
        // while it was stalled must not put it back to older offsets (and its rows to older versions) after the new owner wrote.
        try (PreparedStatement ps = c.prepareStatement(dialect.upsertAppliedOffset())) {
            for (var e : progress.entrySet()) {
                ps.setString(1, applier);
                ps.setString(2, e.getKey().topic());
                ps.setInt(3, e.getKey().partition());
                ps.setLong(4, e.getValue().offset());
                ps.setString(5, e.getValue().describePosition());
                ps.setString(6, e.getValue().position() == null ? null : ChangeEventCodec.encodePosition(e.getValue().position()));
                // One statement per partition (a task has few): each one's row count tells whether the fence held.
                if (ps.executeUpdate() == 0) {
                    moved.add(e.getKey());
                }
            }
        }
        if (!moved.isEmpty()) {
            throw new PartitionMovedException(moved);
        }
    }
}
