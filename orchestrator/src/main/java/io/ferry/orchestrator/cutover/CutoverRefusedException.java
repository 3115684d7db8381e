package io.ferry.orchestrator.cutover;

import io.ferry.orchestrator.migration.Refusal;
import java.util.List;

/** A gate said no before anything changed; carries the refusals, which the report keeps as data. */
public final class CutoverRefusedException extends Exception {

    private final List<Refusal> refusals;

    public CutoverRefusedException(List<Refusal> refusals) {
        super("cutover refused: " + refusals);
        this.refusals = List.copyOf(refusals);
    }

    public List<Refusal> refusals() {
        return refusals;
    }
}
