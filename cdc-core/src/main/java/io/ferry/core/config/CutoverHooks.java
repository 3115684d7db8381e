package io.ferry.core.config;

/**
 * The hooks of a cutover.
 *
 * @param freeze   stops the application's writes (freeze methods {@code command} and {@code webhook})
 * @param unfreeze lets them go on after an aborted cutover (same methods)
 * @param flip     tells the application to use the target (a deploy, a feature flag, a PgBouncer switch); called
 *                 after the routing endpoint has flipped, whatever the freeze method
 */
public record CutoverHooks(HookConfig freeze, HookConfig unfreeze, HookConfig flip) {

    public static final CutoverHooks NONE = new CutoverHooks(null, null, null);

    public CutoverHooks {
        freeze = freeze != null ? freeze : HookConfig.NONE;
        unfreeze = unfreeze != null ? unfreeze : HookConfig.NONE;
        flip = flip != null ? flip : HookConfig.NONE;
    }
}
