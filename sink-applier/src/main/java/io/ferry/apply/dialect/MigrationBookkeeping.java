package io.ferry.apply.dialect;

import java.sql.SQLException;

/**
 * The statements of the coordinator's record of its migrations in the target's {@code ferry} schema:
 * {@code ferry.migrations} (one row per migration: phase, epoch, routing, watermark, last cutover, freeze state) and
 * {@code ferry.migration_log} (every transition). A target that can hold it offers it through
 * {@link TargetDialect#migrationBookkeeping()}; the statements take their parameters in the order each javadoc names.
 * Timestamps are the server's clock at the statement.
 */
public interface MigrationBookkeeping {

    /** {@code ferry.migrations}. */
    String createMigrations();

    /** {@code ferry.migration_log}. */
    String createMigrationLog();

    /** The columns {@link #selectMigration} and {@link #lockMigration} read, in this order. */
    String COLUMNS = "name, phase, epoch, route_side, route_version, watermark, last_cutover, freeze_state, updated_at";

    /** Parameters: name, phase, route side, route version. Inserts the migration at epoch 0 unless it exists (update count 0). */
    String insertMigrationIfAbsent();

    /** Parameters: name. Columns: {@link #COLUMNS}. */
    String selectMigration();

    /** Whether an error says {@code ferry.migrations} does not exist yet. */
    boolean isMissingTable(SQLException e);

    /** Parameters: name. Raises the epoch by one; columns: the new epoch, the phase; no row when there is no such migration. */
    String raiseEpoch();

    /** Parameters: migration, limit. Columns: from phase, to phase, reason, actor, epoch, time; the latest first. */
    String selectLog();

    /**
     * Parameters: phase, then the route side when {@code flipRoute} (which also raises the route version), then name and
     * epoch. Updates nothing when the epoch is not the migration's.
     */
    String updatePhase(boolean flipRoute);

    /** Parameters: value, name, epoch. Sets one of {@code watermark}, {@code last_cutover}, {@code freeze_state}. */
    String updateColumn(String column);

    /** Parameters: name. Columns: phase, epoch; the row stays locked until the transaction ends. */
    String lockMigration();

    /** Parameters: name. Column: epoch. */
    String selectEpoch();

    /** Parameters: migration, from phase (null for the first), to phase, reason, actor, epoch. */
    String insertLog();
}
