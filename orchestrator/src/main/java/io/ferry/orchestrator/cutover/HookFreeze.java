package io.ferry.orchestrator.cutover;

import io.ferry.core.config.HookConfig;
import java.time.Duration;
import java.util.List;

/** {@code command} and {@code webhook}: the freeze and unfreeze hooks stop and restart the application's writes. */
public final class HookFreeze implements FreezeStrategy {

    private static final Duration UNFREEZE_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final String migration;
    private final HookConfig freeze;
    private final HookConfig unfreeze;
    private final HookRunner hooks;

    public HookFreeze(String name, String migration, HookConfig freeze, HookConfig unfreeze, HookRunner hooks) {
        this.name = name;
        this.migration = migration;
        this.freeze = freeze;
        this.unfreeze = unfreeze;
        this.hooks = hooks;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void freeze(CutoverContext ctx) throws Exception {
        hooks.call(migration, "freeze", freeze, ctx.remaining());
    }

    @Override
    public void unfreeze(CutoverContext ctx) throws Exception {
        hooks.call(migration, "unfreeze", unfreeze, UNFREEZE_TIMEOUT);
    }

    @Override
    public List<String> describeFreeze() {
        return HookRunner.describe("freeze", freeze);
    }

    @Override
    public List<String> describeUnfreeze() {
        return HookRunner.describe("unfreeze", unfreeze);
    }
}
