package io.ferry.orchestrator.cutover;

import io.ferry.orchestrator.migration.Migration;
import java.time.Duration;

/**
 * What one cutover's steps share: the migration, the freeze deadline, the watermark read during the freeze, and what the
 * check of the changed keys ahead of the freeze cleared ({@link ReadAheadCheck}).
 */
public final class CutoverContext {

    private final Migration migration;
    private final boolean dryRun;
    private volatile long deadlineNanos;
    private volatile boolean frozen;
    private volatile String watermark;
    private volatile ReadAheadCheck.Cleared cleared;

    public CutoverContext(Migration migration, boolean dryRun) {
        this.migration = migration;
        this.dryRun = dryRun;
    }

    public Migration migration() {
        return migration;
    }

    public boolean dryRun() {
        return dryRun;
    }

    /** What is left of the freeze budget; a long time before the freeze, zero or less once it ran out. */
    public Duration remaining() {
        return frozen ? Duration.ofNanos(deadlineNanos - System.nanoTime()) : Duration.ofMinutes(10);
    }

    public boolean budgetExhausted() {
        return frozen && System.nanoTime() >= deadlineNanos;
    }

    void startFreeze(Duration budget) {
        deadlineNanos = System.nanoTime() + budget.toNanos();
        frozen = true;
    }

    public boolean frozen() {
        return frozen;
    }

    public String watermark() {
        return watermark;
    }

    public void watermark(String position) {
        this.watermark = position;
    }

    /** What the check ahead of the freeze cleared; null when it did not run or cleared nothing. */
    public ReadAheadCheck.Cleared cleared() {
        return cleared;
    }

    public void cleared(ReadAheadCheck.Cleared cleared) {
        this.cleared = cleared;
    }
}
