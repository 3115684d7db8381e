package io.ferry.orchestrator.cutover;

import java.util.List;

/**
 * How source writes stop and start again. Both directions must be idempotent: a restarted coordinator unfreezes
 * without knowing how far the freeze got, and a freeze may be repeated.
 */
public interface FreezeStrategy {

    /** {@code read_only}, {@code revoke}, {@code command}, {@code webhook} or {@code none}. */
    String name();

    void freeze(CutoverContext ctx) throws Exception;

    void unfreeze(CutoverContext ctx) throws Exception;

    /** What {@link #freeze} would do (the SQL or the hook), for a dry run. */
    List<String> describeFreeze();

    /** What {@link #unfreeze} would do. */
    List<String> describeUnfreeze();

    /**
     * Why the account the freeze runs as could not stop the source's writes, checked before a cutover freezes anything
     * (a freeze refused half-way would leave nothing to unfreeze with); empty when it can, or when that cannot be told.
     */
    default List<String> cannotFreeze() throws Exception {
        return List.of();
    }
}
