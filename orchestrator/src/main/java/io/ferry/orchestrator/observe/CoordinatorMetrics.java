package io.ferry.orchestrator.observe;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.orchestrator.migration.MigrationPhase;
import io.ferry.orchestrator.migration.Refusal;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The coordinator's meters (names and units in docs/metrics.md), read from the {@link StatusBoard}'s newest
 * snapshot so that a scrape never touches a database. Labels: pipeline, phase, readiness reason, cutover step.
 */
public final class CoordinatorMetrics {

    private final StatusBoard board;
    private final MultiGauge steps;
    private final String pipeline;

    private CoordinatorMetrics(MeterRegistry registry, String pipeline, StatusBoard board) {
        this.board = board;
        this.pipeline = pipeline;
        this.steps = MultiGauge.builder("ferry_coordinator_cutover_step_seconds")
                .description("time each step of the last cutover took (the freeze lasts from the freeze step to the flip)")
                .baseUnit("seconds").register(registry);
    }

    public static CoordinatorMetrics bind(MeterRegistry registry, String pipeline, StatusBoard board) {
        CoordinatorMetrics m = new CoordinatorMetrics(registry, pipeline, board);
        for (MigrationPhase phase : MigrationPhase.values()) {
            gauge(registry, "ferry_coordinator_phase", "1 for the migration's current phase, 0 for the others", m,
                    x -> phase.name().equals(x.board.latest().get("phase")) ? 1 : 0, "pipeline", pipeline, "phase", phase.name());
        }
        gauge(registry, "ferry_coordinator_ready", "1 when the readiness gate would let a cutover start now, else 0", m,
                x -> Boolean.TRUE.equals(x.readiness().get("ready")) ? 1 : 0, "pipeline", pipeline);
        for (Refusal.Code code : Refusal.Code.values()) {
            gauge(registry, "ferry_coordinator_readiness_refused", "1 while the readiness gate refuses a cutover for this reason, else 0", m,
                    x -> x.refusedFor(code.wireName()) ? 1 : 0, "pipeline", pipeline, "reason", code.wireName());
        }
        gauge(registry, "ferry_coordinator_lag_seconds", "replication lag the readiness gate sees (p99 over its recent window)", m,
                x -> x.number(((Map<?, ?>) x.board.latest().getOrDefault("lag", Map.of())).get("seconds")), "pipeline", pipeline);
        gauge(registry, "ferry_coordinator_dead_letters", "dead-letter records of the pipeline not replayed yet", m,
                x -> x.number(((Map<?, ?>) x.board.latest().getOrDefault("deadLetters", Map.of())).get("count")), "pipeline", pipeline);
        gauge(registry, "ferry_coordinator_copy_source_rows", "rows the source tables hold (catalog estimate, exact for small tables), "
                + "when capture runs in this process", m, x -> x.number(x.copy().get("sourceRows")), "pipeline", pipeline);
        gauge(registry, "ferry_coordinator_copy_eta_seconds", "time the copy (snapshot) still needs at its current rate; NaN when "
                + "unknown or done", m, x -> x.number(x.copy().get("etaSeconds")), "pipeline", pipeline);
        gauge(registry, "ferry_coordinator_last_write_pause_seconds", "how long the last cutover kept source writes frozen", m,
                x -> {
                    JsonNode c = x.lastCutover();
                    return c == null || !c.hasNonNull("freezeMillis") ? Double.NaN : c.get("freezeMillis").asLong() / 1000.0;
                }, "pipeline", pipeline);
        return m;
    }

    /** Re-reads the last cutover's steps; the board calls it after each refresh. */
    public void refreshSteps() {
        JsonNode c = lastCutover();
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        if (c != null && c.has("steps")) {
            for (JsonNode s : c.get("steps")) {
                double seconds = s.path("millis").asLong() / 1000.0;
                rows.add(MultiGauge.Row.of(Tags.of("pipeline", pipeline, "step", s.path("step").asText()), seconds));
            }
        }
        steps.register(rows, true);
    }

    private static void gauge(MeterRegistry r, String name, String description, CoordinatorMetrics m, ToDoubleFunction<CoordinatorMetrics> f,
            String... tags) {
        Gauge.builder(name, m, f).description(description).tags(tags).register(r);
    }

    private Map<?, ?> readiness() {
        return (Map<?, ?>) board.latest().getOrDefault("readiness", Map.of());
    }

    private Map<?, ?> copy() {
        return (Map<?, ?>) board.latest().getOrDefault("copy", Map.of());
    }

    private boolean refusedFor(String code) {
        Object refusals = readiness().get("refusals");
        return refusals instanceof List<?> l && l.stream().anyMatch(r -> r instanceof Map<?, ?> mm && code.equals(mm.get("code")));
    }

    private JsonNode lastCutover() {
        Object c = board.latest().get("lastCutover");
        return c instanceof JsonNode n && !n.isNull() ? n : null;
    }

    private double number(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
