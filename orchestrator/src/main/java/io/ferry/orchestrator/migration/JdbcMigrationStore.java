package io.ferry.orchestrator.migration;

import io.ferry.apply.dialect.MigrationBookkeeping;
import io.ferry.apply.dialect.TargetDialect;
import io.ferry.apply.dialect.TargetDialects;
import io.ferry.core.config.TargetKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Migrations persisted in the target's {@code ferry} schema, beside {@code applied_offsets}:
 * {@code ferry.migrations} holds one row per migration (phase, epoch, routing, watermark, last cutover) and
 * {@code ferry.migration_log} every transition (who, when, from, to, why).
 *
 * <p>Fencing: a coordinator takes a migration by raising its epoch ({@link #acquire}); every later write of that
 * coordinator carries its epoch in the {@code WHERE} clause, so once another coordinator has taken over, the old
 * one's writes update nothing and it gets a {@link FencedException}.
 *
 * <p>The statements are the target dialect's ({@link MigrationBookkeeping}); a target that cannot hold the record is
 * refused when the store is made.
 */
public final class JdbcMigrationStore implements MigrationStore {

    private final TargetDialect dialect;
    private final MigrationBookkeeping sql;
    private final Connections target;

    /** A store in a PostgreSQL target. */
    public JdbcMigrationStore(Connections target) {
        this(TargetDialects.of(TargetKind.POSTGRESQL), target);
    }

    public JdbcMigrationStore(TargetDialect dialect, Connections target) {
        this.dialect = dialect;
        this.sql = dialect.migrationBookkeeping().orElseThrow(() -> new IllegalArgumentException("a "
                + dialect.kind().name().toLowerCase(java.util.Locale.ROOT) + " target cannot hold the coordinator's ferry.migrations"));
        this.target = target;
    }

    private void ensureSchema(Connection c) throws SQLException {
        dialect.ensureBookkeeping(c, sql.createMigrations(), sql.createMigrationLog());
    }

    @Override
    public MigrationState create(String name, MigrationPhase initial, String actor) throws SQLException {
        try (Connection c = target.open()) {
            ensureSchema(c);
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(sql.insertMigrationIfAbsent())) {
                ps.setString(1, name);
                ps.setString(2, initial.name());
                ps.setString(3, Routing.INITIAL.side().name());
                ps.setLong(4, Routing.INITIAL.version());
                if (ps.executeUpdate() == 1) {
                    log(c, name, null, initial, "migration registered", actor, 0);
                }
            }
            c.commit();
        }
        return load(name).orElseThrow();
    }

    @Override
    public Optional<MigrationState> load(String name) throws SQLException {
        try (Connection c = target.open();
             PreparedStatement ps = c.prepareStatement(sql.selectMigration())) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(state(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            if (sql.isMissingTable(e)) { // no ferry.migrations yet: no migration either
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public Migration acquire(String name, String actor) throws SQLException {
        try (Connection c = target.open()) {
            ensureSchema(c);
            c.setAutoCommit(false);
            long epoch;
            MigrationPhase phase;
            try (PreparedStatement ps = c.prepareStatement(sql.raiseEpoch())) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new IllegalArgumentException("no migration named " + name + " in ferry.migrations");
                    }
                    epoch = rs.getLong(1);
                    phase = MigrationPhase.valueOf(rs.getString(2));
                }
            }
            log(c, name, phase, phase, "coordinator took the migration (epoch " + epoch + ")", actor, epoch);
            c.commit();
            return new Migration(this, name, epoch, actor);
        }
    }

    @Override
    public List<Transition> log(String name, int limit) throws SQLException {
        List<Transition> out = new ArrayList<>();
        try (Connection c = target.open();
             PreparedStatement ps = c.prepareStatement(sql.selectLog())) {
            ps.setString(1, name);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String from = rs.getString(1);
                    out.add(new Transition(name, from == null ? null : MigrationPhase.valueOf(from), MigrationPhase.valueOf(rs.getString(2)),
                            rs.getString(3), rs.getString(4), rs.getLong(5), rs.getTimestamp(6).toInstant()));
                }
            }
        }
        return out;
    }

    @Override
    public boolean transition(String name, long epoch, MigrationPhase to, String reason, String actor, boolean flipRoute)
            throws SQLException {
        try (Connection c = target.open()) {
            c.setAutoCommit(false);
            try {
                MigrationPhase from = lockOwned(c, name, epoch);
                if (from == to) {
                    c.rollback();
                    return false;
                }
                from.checkMoveTo(to);
                try (PreparedStatement ps = c.prepareStatement(sql.updatePhase(flipRoute))) {
                    int i = 1;
                    ps.setString(i++, to.name());
                    if (flipRoute) {
                        ps.setString(i++, Routing.sideAfter(to).name());
                    }
                    ps.setString(i++, name);
                    ps.setLong(i, epoch);
                    if (ps.executeUpdate() == 0) {
                        throw fenced(c, name, epoch);
                    }
                }
                log(c, name, from, to, reason, actor, epoch);
                c.commit();
                return true;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    @Override
    public void update(String name, long epoch, String column, String value) throws SQLException {
        if (!List.of("watermark", "last_cutover", "freeze_state").contains(column)) {
            throw new IllegalArgumentException("not a settable column of ferry.migrations: " + column);
        }
        try (Connection c = target.open();
             PreparedStatement ps = c.prepareStatement(sql.updateColumn(column))) {
            ps.setString(1, value);
            ps.setString(2, name);
            ps.setLong(3, epoch);
            if (ps.executeUpdate() == 0) {
                throw fenced(c, name, epoch);
            }
        }
    }

    private MigrationPhase lockOwned(Connection c, String name, long epoch) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql.lockMigration())) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalArgumentException("no migration named " + name + " in ferry.migrations");
                }
                if (rs.getLong(2) != epoch) {
                    throw new FencedException(name, epoch, rs.getLong(2));
                }
                return MigrationPhase.valueOf(rs.getString(1));
            }
        }
    }

    private FencedException fenced(Connection c, String name, long epoch) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql.selectEpoch())) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return new FencedException(name, epoch, rs.next() ? rs.getLong(1) : -1);
            }
        }
    }

    private void log(Connection c, String name, MigrationPhase from, MigrationPhase to, String reason, String actor, long epoch)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql.insertLog())) {
            ps.setString(1, name);
            ps.setString(2, from == null ? null : from.name());
            ps.setString(3, to.name());
            ps.setString(4, reason);
            ps.setString(5, actor);
            ps.setLong(6, epoch);
            ps.executeUpdate();
        }
    }

    private static MigrationState state(ResultSet rs) throws SQLException {
        return new MigrationState(rs.getString(1), MigrationPhase.valueOf(rs.getString(2)), rs.getLong(3),
                new Routing(Routing.Side.valueOf(rs.getString(4)), rs.getLong(5)), rs.getString(6), rs.getString(7),
                rs.getString(8), rs.getTimestamp(9).toInstant());
    }
}
