package io.ferry.orchestrator.cutover;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.ferry.orchestrator.migration.Refusal;
import java.util.List;

/**
 * The outcome of one cutover (or dry run): what happened, why, and each step's measured time.
 *
 * @param freezeMillis time from the start of the freeze to the flip (or to the abort); null when nothing froze
 */
public record CutoverReport(String migration, Outcome outcome, String reason, List<Refusal> refusals, List<StepOutcome> steps,
                            Long freezeMillis, String startedAt) {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    public enum Outcome {
        /** The routing names the target and post-flip work is done. */
        COMPLETE,
        /** The routing names the target; post-flip work is left (see reason); {@code complete} retries it. */
        FLIPPED,
        /** Stopped before the flip; the source is unfrozen. */
        ABORTED,
        /** A gate said no; nothing changed. */
        REFUSED,
        /** Stopped before the flip but the source could not be unfrozen: an operator must act. */
        FAILED,
        /** Another coordinator took the migration; this one stopped acting. */
        FENCED,
        /** A rollback flipped back: the routing names the source again (see reason for anything left undone). */
        ROLLED_BACK,
        /** Nothing was changed; the steps say what they would do. */
        DRY_RUN
    }

    /** One step: its time, its lines, and its error if it failed. */
    public record StepOutcome(String step, long millis, List<String> details, String error) {
    }

    public CutoverReport {
        refusals = refusals == null ? List.of() : List.copyOf(refusals);
        steps = List.copyOf(steps);
    }

    public String json() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a cutover report did not serialise: " + e.getOriginalMessage(), e);
        }
    }

    public static CutoverReport fromJson(String json) {
        try {
            return JSON.readValue(json, CutoverReport.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a cutover report: " + e.getOriginalMessage(), e);
        }
    }

    /** For people: the outcome, the reason, then each step and its time. */
    public String text() {
        StringBuilder sb = new StringBuilder("cutover of ").append(migration).append(": ").append(outcome);
        if (reason != null) {
            sb.append(" (").append(reason).append(")");
        }
        sb.append('\n');
        refusals.forEach(r -> sb.append("  refused: ").append(r).append('\n'));
        for (StepOutcome s : steps) {
            sb.append(String.format("  %-20s %6d ms%s%n", s.step(), s.millis(), s.error() == null ? "" : "  FAILED: " + s.error()));
            s.details().forEach(d -> sb.append("      ").append(d).append('\n'));
        }
        if (freezeMillis != null) {
            // the source's writes in a cutover, the target's (then both sides') in a rollback
            sb.append("  writes frozen for ").append(freezeMillis).append(" ms\n");
        }
        return sb.toString();
    }
}
