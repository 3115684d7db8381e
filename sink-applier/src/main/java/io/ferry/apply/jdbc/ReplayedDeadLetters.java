package io.ferry.apply.jdbc;

import io.ferry.apply.ParkedRecord;
import io.ferry.apply.dialect.TargetDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;

/**
 * The {@code ferry.dead_letters_replayed} table on the target: per pipeline, the change records whose dead letters
 * {@code ferry dlq replay} has dealt with (applied, or found superseded by a later change of the same row), written in
 * the same transaction as the row it applied. The dead-letter topic keeps every record; this table is what makes a
 * second replay apply nothing twice, and what the cutover's readiness gate subtracts.
 */
public final class ReplayedDeadLetters {

    /** Applied to the target by a replay. */
    public static final String APPLIED = "applied";
    /** Not applied: a later change of the same row had been applied already. */
    public static final String SUPERSEDED = "superseded";

    private final TargetDialect dialect;
    private final String pipeline;

    public ReplayedDeadLetters(TargetDialect dialect, String pipeline) {
        this.dialect = dialect;
        this.pipeline = pipeline;
    }

    public void ensureSchema(Connection c) throws SQLException {
        dialect.ensureBookkeeping(c, dialect.createReplayedDeadLetters());
    }

    /** The change records of this pipeline whose dead letters were replayed; empty when the table does not exist yet. */
    public Set<ParkedRecord.Source> load(Connection c) throws SQLException {
        Set<ParkedRecord.Source> done = new HashSet<>();
        try (PreparedStatement exists = c.prepareStatement(dialect.replayedDeadLettersExist());
             ResultSet rs = exists.executeQuery()) {
            rs.next();
            if (!rs.getBoolean(1)) {
                return done;
            }
        }
        try (PreparedStatement ps = c.prepareStatement(dialect.selectReplayedDeadLetters())) {
            ps.setString(1, pipeline);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    done.add(new ParkedRecord.Source(rs.getString(1), rs.getInt(2), rs.getLong(3)));
                }
            }
        }
        return done;
    }

    /** Records a replayed dead letter inside the caller's open transaction. */
    public void record(Connection c, ParkedRecord.Source source, String outcome) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(dialect.insertReplayedDeadLetter())) {
            ps.setString(1, pipeline);
            ps.setString(2, source.topic());
            ps.setInt(3, source.partition());
            ps.setLong(4, source.offset());
            ps.setString(5, outcome);
            ps.executeUpdate();
        }
    }
}
