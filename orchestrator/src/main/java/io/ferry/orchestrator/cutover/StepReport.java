package io.ferry.orchestrator.cutover;

import java.util.List;

/** What a step did, or would do: lines for people (positions, SQL, hooks, counts). */
public record StepReport(List<String> details) {

    public StepReport {
        details = List.copyOf(details);
    }

    public static StepReport of(String... lines) {
        return new StepReport(List.of(lines));
    }
}
