package io.ferry.orchestrator.migration;

import java.util.EnumSet;
import java.util.Set;

/**
 * The phases of one migration. Each constant lists the phases it may move to; any other move throws.
 *
 * <pre>
 *  PLANNED --> COPYING --> STREAMING <----------------------------.
 *     |                      ^   |                                 |
 *     '----------------------'   v                                 |
 *                    .------- READY                                |
 *                    |           |  cutover: freeze                |
 *                    v           v                                 |
 *              (STREAMING)    FROZEN --> DRAINED --> VALIDATED     |
 *                                |           |           |         |
 *                                '-----------+-----------+--> ABORTED (source unfrozen)
 *                                                        |
 *                                   point of no return:  v
 *                                                     FLIPPED --> COMPLETE (reverse replication ended)
 *                                                       ^  |
 *                          rollback aborted (target      |  |  ferry rollback: freeze the target
 *                          unfrozen, reverse goes on)    |  v
 *                                   ROLLBACK_FROZEN --> ROLLBACK_DRAINED --> ROLLBACK_VALIDATED
 *                                                                                    |
 *                                                       rollback's point of no return: v
 *                                                                               ROLLED_BACK (source live again)
 *
 *  any phase before FLIPPED --> FAILED (needs an operator) --> STREAMING
 * </pre>
 *
 * Before {@link #FLIPPED} every failure rolls back (the source is unfrozen and the migration streams on); from
 * {@link #FLIPPED} on, the application uses the target and a restarted coordinator completes forward. With reverse
 * replication (docs/rollback.md) a FLIPPED migration may be rolled back: before {@link #ROLLED_BACK} every failure
 * returns to FLIPPED (the target unfrozen, the source still frozen); from it on, the routing names the source and a
 * restarted coordinator completes the rollback (unfreezes the source). At no moment are both sides writable for the
 * application.
 */
public enum MigrationPhase {
    /** Registered, nothing copied yet. */
    PLANNED,
    /** The initial copy runs. */
    COPYING,
    /** Changes stream; the target follows the source. */
    STREAMING,
    /** The readiness gate passed: lag low, no dead letters, last validation clean. */
    READY,
    /** Source writes are stopped; the freeze budget runs. */
    FROZEN,
    /** Every change up to the watermark is applied to the target. */
    DRAINED,
    /** The final validation found the touched segments equal. */
    VALIDATED,
    /** The routing names the target: the point of no return. */
    FLIPPED,
    /** Post-flip work (constraint validation) is done. */
    COMPLETE,
    /** A cutover was aborted and the source unfrozen; the reason is in the log. */
    ABORTED,
    /** A rollback froze the target; reverse replication drains. */
    ROLLBACK_FROZEN,
    /** Every change made on the target up to its watermark is applied to the source. */
    ROLLBACK_DRAINED,
    /** The validation after the reverse drain found source and target equal. */
    ROLLBACK_VALIDATED,
    /** The routing names the source again: the rollback's point of no return. Final. */
    ROLLED_BACK,
    /** Something needs an operator (an unfreeze that failed, a copy that cannot go on); the reason is in the log. */
    FAILED;

    private Set<MigrationPhase> next;

    static {
        PLANNED.next = EnumSet.of(COPYING, STREAMING, FAILED);
        COPYING.next = EnumSet.of(STREAMING, FAILED);
        STREAMING.next = EnumSet.of(READY, FAILED);
        READY.next = EnumSet.of(STREAMING, FROZEN, FAILED);
        FROZEN.next = EnumSet.of(DRAINED, ABORTED, FAILED);
        DRAINED.next = EnumSet.of(VALIDATED, ABORTED, FAILED);
        VALIDATED.next = EnumSet.of(FLIPPED, ABORTED, FAILED);
        FLIPPED.next = EnumSet.of(COMPLETE, ROLLBACK_FROZEN);
        ROLLBACK_FROZEN.next = EnumSet.of(ROLLBACK_DRAINED, FLIPPED);
        ROLLBACK_DRAINED.next = EnumSet.of(ROLLBACK_VALIDATED, FLIPPED);
        ROLLBACK_VALIDATED.next = EnumSet.of(ROLLED_BACK, FLIPPED);
        ROLLED_BACK.next = EnumSet.noneOf(MigrationPhase.class);
        COMPLETE.next = EnumSet.noneOf(MigrationPhase.class);
        ABORTED.next = EnumSet.of(STREAMING, FAILED);
        FAILED.next = EnumSet.of(STREAMING);
    }

    /** The phases this one may move to. */
    public Set<MigrationPhase> next() {
        return next.isEmpty() ? EnumSet.noneOf(MigrationPhase.class) : EnumSet.copyOf(next);
    }

    public boolean canMoveTo(MigrationPhase to) {
        return next.contains(to);
    }

    /** @throws IllegalStateException naming both phases when the move is not allowed */
    public void checkMoveTo(MigrationPhase to) {
        if (!canMoveTo(to)) {
            throw new IllegalStateException("a migration cannot move from " + this + " to " + to + " (allowed from " + this
                    + ": " + (next.isEmpty() ? "none, it is final" : next) + ")");
        }
    }

    /** Whether nothing follows: COMPLETE or ROLLED_BACK. */
    public boolean isFinal() {
        return next.isEmpty();
    }

    /** Whether a failure here still rolls back: everything before the flip. */
    public boolean isBeforePointOfNoReturn() {
        return this != FLIPPED && this != COMPLETE && !isRollingBack() && this != ROLLED_BACK;
    }

    /** Whether a rollback is in progress: the target is (or may be) frozen, the routing still names it. */
    public boolean isRollingBack() {
        return this == ROLLBACK_FROZEN || this == ROLLBACK_DRAINED || this == ROLLBACK_VALIDATED;
    }

    /** Whether the source is (or may be) frozen by a cutover in progress. */
    public boolean isFreezing() {
        return this == FROZEN || this == DRAINED || this == VALIDATED;
    }
}
