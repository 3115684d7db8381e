package io.ferry.apply.dialect;

import java.sql.SQLException;

/** {@link MigrationBookkeeping} in PostgreSQL's SQL ({@code clock_timestamp()}, {@code ON CONFLICT}, {@code RETURNING}). */
final class PostgresMigrationBookkeeping implements MigrationBookkeeping {

    static final PostgresMigrationBookkeeping INSTANCE = new PostgresMigrationBookkeeping();

    private PostgresMigrationBookkeeping() {
    }

    @Override
    public String createMigrations() {
        return "CREATE TABLE IF NOT EXISTS ferry.migrations (name text PRIMARY KEY, phase text NOT NULL, "
                + "epoch bigint NOT NULL, route_side text NOT NULL, route_version bigint NOT NULL, watermark text, "
                + "last_cutover text, freeze_state text, updated_at timestamptz NOT NULL)";
    }

    @Override
    public String createMigrationLog() {
        return "CREATE TABLE IF NOT EXISTS ferry.migration_log (id bigserial PRIMARY KEY, migration text NOT NULL, "
                + "at timestamptz NOT NULL, from_phase text, to_phase text NOT NULL, reason text NOT NULL, "
                + "actor text NOT NULL, epoch bigint NOT NULL)";
    }

    @Override
    public String insertMigrationIfAbsent() {
        return "INSERT INTO ferry.migrations (name, phase, epoch, route_side, "
                + "route_version, updated_at) VALUES (?, ?, 0, ?, ?, clock_timestamp()) ON CONFLICT (name) DO NOTHING";
    }

    @Override
    public String selectMigration() {
        return "SELECT " + COLUMNS + " FROM ferry.migrations WHERE name = ?";
    }

    /** {@code 42P01}: undefined_table. */
    @Override
    public boolean isMissingTable(SQLException e) {
        return "42P01".equals(e.getSQLState());
    }

    @Override
    public String raiseEpoch() {
        return "UPDATE ferry.migrations SET epoch = epoch + 1, updated_at = clock_timestamp() WHERE name = ? RETURNING epoch, phase";
    }

    @Override
    public String selectLog() {
        return "SELECT from_phase, to_phase, reason, actor, epoch, at FROM ferry.migration_log WHERE migration = ? ORDER BY id DESC LIMIT ?";
    }

    @Override
    public String updatePhase(boolean flipRoute) {
        String set = "phase = ?" + (flipRoute ? ", route_side = ?, route_version = route_version + 1" : "");
        return "UPDATE ferry.migrations SET " + set + ", updated_at = clock_timestamp() WHERE name = ? AND epoch = ?";
    }

    @Override
    public String updateColumn(String column) {
        return "UPDATE ferry.migrations SET " + column + " = ?, updated_at = clock_timestamp() WHERE name = ? AND epoch = ?";
    }

    @Override
    public String lockMigration() {
        return "SELECT phase, epoch FROM ferry.migrations WHERE name = ? FOR UPDATE";
    }

    @Override
    public String selectEpoch() {
        return "SELECT epoch FROM ferry.migrations WHERE name = ?";
    }

    @Override
    public String insertLog() {
        return "INSERT INTO ferry.migration_log (migration, at, from_phase, to_phase, reason, actor, epoch) "
                + "VALUES (?, clock_timestamp(), ?, ?, ?, ?, ?)";
    }
}
