package io.ferry.apply.jdbc;

import io.ferry.core.event.ChangeEventCodec;
import io.ferry.core.event.SourcePosition;
import io.ferry.core.schema.TableId;
import io.ferry.apply.dialect.TargetDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The {@code ferry.schema_changes} table on the target: per applier and source table, the source position of the
 * last schema change carried to the target. Capture sends a schema change to every partition of its table, and
 * partitions are applied independently, so one partition may bring a later change before another partition brings
 * an earlier one. Only additive changes are carried, so the target after a later change already holds what an
 * earlier one asked for: a change at or before the recorded position is passed over, where planning it against
 * the wider target would wrongly read as a narrowing. Read under a row lock and written in the same transaction
 * as the change's DDL, so two partitions never apply changes of one table at the same time.
 */
final class SchemaChangeLog {

    private final TargetDialect dialect;
    private final String applier;

    SchemaChangeLog(TargetDialect dialect, String applier) {
        this.dialect = dialect;
        this.applier = applier;
    }

    void ensureSchema(Connection c) throws SQLException {
        dialect.ensureBookkeeping(c, dialect.createSchemaChanges());
    }

    /**
     * Locks the table's row inside the caller's open transaction and returns the position of the last change
     * carried, or null when none was.
     */
    SourcePosition lockLast(Connection c, TableId table) throws SQLException {
        try (PreparedStatement ins = c.prepareStatement(dialect.insertSchemaChangeIfAbsent())) {
            ins.setString(1, applier);
            ins.setString(2, table.toString());
            ins.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(dialect.lockSchemaChange())) {
            ps.setString(1, applier);
            ps.setString(2, table.toString());
            try (ResultSet rs = ps.executeQuery()) {
                String position = rs.next() ? rs.getString(1) : null;
                return position == null ? null : ChangeEventCodec.decodePosition(position);
            }
        }
    }

    /** Records the change as carried, inside the caller's open transaction. */
    void record(Connection c, TableId table, SourcePosition position, String statement) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(dialect.updateSchemaChange())) {
            ps.setString(1, ChangeEventCodec.encodePosition(position));
            ps.setString(2, position.describe());
            ps.setString(3, statement);
            ps.setString(4, applier);
            ps.setString(5, table.toString());
            ps.executeUpdate();
        }
    }

    /** Whether a change at {@code position} is already covered by the one recorded ({@code last}, may be null). */
    static boolean covered(SourcePosition last, SourcePosition position) {
        return last != null && position.compareTo(last) <= 0;
    }
}
