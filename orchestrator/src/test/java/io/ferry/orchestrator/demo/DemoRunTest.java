package io.ferry.orchestrator.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DemoRunTest {

    @Test
    void freezeStepsListsTheStepsFromTheFreezeToTheFlip() {
        var report = new io.ferry.orchestrator.cutover.CutoverReport("m", io.ferry.orchestrator.cutover.CutoverReport.Outcome.COMPLETE, null, null,
                java.util.List.of(step("pre-checks", 5), step("freeze", 3), step("watermark", 1), step("drain", 400), step("flip", 2),
                        step("flip-hook", 0)), 406L, "now");
        assertThat(DemoRun.freezeSteps(report)).isEqualTo("freeze 3 ms, watermark 1 ms, drain 400 ms, flip 2 ms");
    }

    private static io.ferry.orchestrator.cutover.CutoverReport.StepOutcome step(String name, long ms) {
        return new io.ferry.orchestrator.cutover.CutoverReport.StepOutcome(name, ms, java.util.List.of(), null);
    }
}
