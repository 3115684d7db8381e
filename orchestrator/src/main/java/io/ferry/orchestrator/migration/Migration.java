package io.ferry.orchestrator.migration;

import java.sql.SQLException;

/**
 * A migration as held by one coordinator under one epoch. Every write carries the epoch; a write after another
 * coordinator took over throws {@link FencedException}, and the holder must stop acting.
 */
public final class Migration {

    private final MigrationStore store;
    private final String name;
    private final long epoch;
    private final String actor;

    public Migration(MigrationStore store, String name, long epoch, String actor) {
        this.store = store;
        this.name = name;
        this.epoch = epoch;
        this.actor = actor;
    }

    public String name() {
        return name;
    }

    public long epoch() {
        return epoch;
    }

    public String actor() {
        return actor;
    }

    public MigrationState state() throws SQLException {
        return store.load(name).orElseThrow(() -> new IllegalStateException("migration " + name + " is gone from ferry.migrations"));
    }

    public MigrationPhase phase() throws SQLException {
        return state().phase();
    }

    /** Moves to {@code to} as this coordinator's actor; nothing if already there. */
    public boolean moveTo(MigrationPhase to, String reason) throws SQLException {
        return moveTo(to, reason, actor);
    }

    /** Moves to {@code to} on behalf of {@code who} (an admin API caller); nothing if already there. */
    public boolean moveTo(MigrationPhase to, String reason, String who) throws SQLException {
        return store.transition(name, epoch, to, reason, who, false);
    }

    /**
     * The flip, the point of no return: VALIDATED to FLIPPED and the routing to the target (its version one up), in
     * one transaction. Nothing if already flipped.
     */
    public boolean flip(String reason) throws SQLException {
        return store.transition(name, epoch, MigrationPhase.FLIPPED, reason, actor, true);
    }

    /**
     * The rollback's flip back, its point of no return: ROLLBACK_VALIDATED to ROLLED_BACK and the routing to the source
     * (its version one up), in one transaction. Nothing if already rolled back.
     */
    public boolean flipBack(String reason) throws SQLException {
        return store.transition(name, epoch, MigrationPhase.ROLLED_BACK, reason, actor, true);
    }

    public void recordWatermark(String watermark) throws SQLException {
        store.update(name, epoch, "watermark", watermark);
    }

    public void recordCutover(String reportJson) throws SQLException {
        store.update(name, epoch, "last_cutover", reportJson);
    }

    public void recordFreezeState(String state) throws SQLException {
        store.update(name, epoch, "freeze_state", state);
    }
}
