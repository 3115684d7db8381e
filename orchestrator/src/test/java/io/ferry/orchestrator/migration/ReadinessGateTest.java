package io.ferry.orchestrator.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReadinessGateTest {

    private final ReadinessGate gate = new ReadinessGate(Duration.ofSeconds(2), Duration.ofSeconds(10));

    @Test
    void passesAHealthyPipeline() {
        assertThat(gate.refusals(new ReadinessSignals(Duration.ofMillis(300), Duration.ofSeconds(30), 0, true, true, true))).isEmpty();
    }

    @Test
    void givesEveryReasonAtOnceAsData() {
        var refusals = gate.refusals(new ReadinessSignals(Duration.ofMillis(2500), Duration.ZERO, 3, false, false, false));

        assertThat(refusals).extracting(Refusal::code).containsExactly(Refusal.Code.CAPTURE_NOT_RUNNING,
                Refusal.Code.APPLIER_NOT_RUNNING, Refusal.Code.LAG_TOO_HIGH, Refusal.Code.DLQ_NOT_EMPTY, Refusal.Code.VALIDATION_NOT_CLEAN);
        assertThat(refusals.get(2).reason()).isEqualTo("lag is 2500 ms, more than the threshold of 2000 ms");
        assertThat(refusals.get(3).toString()).isEqualTo("dlq-not-empty: 3 record(s) of this pipeline parked in the dead-letter topic and not replayed: the target lacks "
                + "their changes (see ferry dlq list; fix the cause, then ferry dlq replay)");
    }

    @Test
    void wantsLagLowForAWhileAndAValidationToHaveRun() {
        assertThat(gate.refusals(new ReadinessSignals(Duration.ofMillis(100), Duration.ofSeconds(4), 0, null, true, true)))
                .extracting(Refusal::code).containsExactly(Refusal.Code.LAG_NOT_STEADY, Refusal.Code.NO_VALIDATION);
        assertThat(gate.refusals(new ReadinessSignals(null, null, 0, true, true, true)))
                .extracting(Refusal::code).containsExactly(Refusal.Code.LAG_UNKNOWN);
    }
}
