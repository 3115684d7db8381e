package io.ferry.orchestrator.cutover;

import java.util.List;

/** {@code none}: the application stops its own writes (it follows the routing endpoint); Ferry changes nothing. */
public final class NoFreeze implements FreezeStrategy {

    @Override
    public String name() {
        return "none";
    }

    @Override
    public void freeze(CutoverContext ctx) {
    }

    @Override
    public void unfreeze(CutoverContext ctx) {
    }

    @Override
    public List<String> describeFreeze() {
        return List.of("freeze: none (the application stops its own writes)");
    }

    @Override
    public List<String> describeUnfreeze() {
        return List.of("unfreeze: none");
    }
}
