package io.ferry.orchestrator.cutover;

import io.ferry.core.config.HookConfig;
import java.time.Duration;

/**
 * Calls the flip hook (command or webhook) after the routing flipped. A restarted coordinator calls it again, so a
 * flip hook must be idempotent.
 */
public final class FlipHookStep implements CutoverStep {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HookConfig hook;
    private final HookRunner hooks;

    public FlipHookStep(HookConfig hook, HookRunner hooks) {
        this.hook = hook;
        this.hooks = hooks;
    }

    @Override
    public String name() {
        return "flip-hook";
    }

    @Override
    public StepReport run(CutoverContext ctx) throws Exception {
        hooks.call(ctx.migration().name(), "flip", hook, TIMEOUT);
        return new StepReport(HookRunner.describe("flip", hook));
    }

    @Override
    public StepReport dryRun(CutoverContext ctx) {
        return new StepReport(HookRunner.describe("flip", hook));
    }
}
