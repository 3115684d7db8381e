package io.ferry.orchestrator.migration;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Where migrations live, fenced by an epoch: {@link #acquire} raises it, and every write names the epoch it was
 * taken under, so a coordinator that lost the migration to another one writes nothing and gets a
 * {@link FencedException}. The product store is {@link JdbcMigrationStore}, in the target's {@code ferry} schema.
 */
public interface MigrationStore {

    /** Creates the migration in {@code initial} unless it exists; either way returns its state. Idempotent. */
    MigrationState create(String name, MigrationPhase initial, String actor) throws SQLException;

    Optional<MigrationState> load(String name) throws SQLException;

    /**
     * Takes the migration for a coordinator: raises the epoch, which fences off every earlier holder.
     *
     * @throws IllegalArgumentException when there is no such migration
     */
    Migration acquire(String name, String actor) throws SQLException;

    /** The newest transitions first, at most {@code limit}. */
    List<Transition> log(String name, int limit) throws SQLException;

    /**
     * Moves the migration to {@code to} under {@code epoch}: nothing when it is already there (steps are
     * idempotent), the move (with the routing flipped to the target when {@code flipRoute}) and its log line at
     * once otherwise.
     *
     * @return whether the phase changed
     * @throws FencedException       when another coordinator holds a higher epoch
     * @throws IllegalStateException when the move is not allowed from the current phase
     */
    boolean transition(String name, long epoch, MigrationPhase to, String reason, String actor, boolean flipRoute) throws SQLException;

    /** Sets {@code watermark}, {@code last_cutover} or {@code freeze_state} under {@code epoch}. */
    void update(String name, long epoch, String column, String value) throws SQLException;
}
