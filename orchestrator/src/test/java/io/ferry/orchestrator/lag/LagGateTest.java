package io.ferry.orchestrator.lag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LagGateTest {

    private final LagGate gate = new LagGate();

    private static LagStats p99(long millis) {
        return new LagStats(1_000, millis / 2, millis, millis, millis + 100);
    }

    @Test
    void isSatisfiedOnlyAfterLagStayedUnderTheThresholdForTheHoldTime() {
        assertThat(gate.evaluate(0, p99(400), false))
                .isEqualTo(new LagGate.Result(false, "lag has been under 2.0 s for 0 s of the 30 s required"));
        assertThat(gate.evaluate(12_000, p99(400), false))
                .isEqualTo(new LagGate.Result(false, "lag has been under 2.0 s for 12 s of the 30 s required"));
        assertThat(gate.evaluate(29_999, p99(400), false).ok()).isFalse();
        assertThat(gate.evaluate(30_000, p99(400), false))
                .isEqualTo(new LagGate.Result(true, "lag p99 0.4 s: under the 2.0 s threshold for 30 s (30 s required)"));
    }

    @Test
    void refusesWhileP99IsOverTheThreshold() {
        assertThat(gate.evaluate(0, p99(3_400), true))
                .isEqualTo(new LagGate.Result(false, "lag p99 3.4 s is over the 2.0 s threshold"));
    }

    @Test
    void refusesWhenP99IsExactlyTheThreshold() {
        assertThat(gate.evaluate(0, p99(2_000), true))
                .isEqualTo(new LagGate.Result(false, "lag p99 2.0 s has reached the 2.0 s threshold"));
    }

    @Test
    void restartsTheHoldTimeWhenLagGoesOver() {
        gate.evaluate(0, p99(400), false);
        assertThat(gate.evaluate(30_000, p99(400), false).ok()).isTrue();
        assertThat(gate.evaluate(31_000, p99(2_500), false).ok()).isFalse();

        assertThat(gate.evaluate(32_000, p99(400), false).reason()).isEqualTo("lag has been under 2.0 s for 0 s of the 30 s required");
        assertThat(gate.evaluate(61_999, p99(400), false).ok()).isFalse();
        assertThat(gate.evaluate(62_000, p99(400), false).ok()).isTrue();
    }

    @Test
    void countsAnIdlePipelineAtTheSourceHeadAsLagZero() {
        assertThat(gate.evaluate(0, LagStats.EMPTY, true).ok()).isFalse();
        assertThat(gate.evaluate(30_000, LagStats.EMPTY, true)).isEqualTo(new LagGate.Result(true,
                "no change in the window, target at the source's head: under the 2.0 s threshold for 30 s (30 s required)"));
    }

    @Test
    void refusesAnIdlePipelineBehindTheSourceHeadAndRestartsTheHoldTime() {
        gate.evaluate(0, p99(400), false);
        assertThat(gate.evaluate(20_000, LagStats.EMPTY, false)).isEqualTo(new LagGate.Result(false,
                "no change applied yet in the window and the target has not reached the source's head"));

        assertThat(gate.evaluate(40_000, p99(400), false).reason()).isEqualTo("lag has been under 2.0 s for 0 s of the 30 s required");
    }

    @Test
    void usesTheConfiguredThresholdAndHoldTime() {
        LagGate strict = new LagGate(new LagGate.Settings(Duration.ofMillis(500), Duration.ofSeconds(5)));
        assertThat(strict.evaluate(0, p99(600), false).reason()).isEqualTo("lag p99 0.6 s is over the 0.5 s threshold");
        strict.evaluate(1_000, p99(300), false);
        assertThat(strict.evaluate(6_000, p99(300), false).ok()).isTrue();
    }

    @Test
    void holdsTheMaximumUnderTheThresholdWhenConfiguredTo() {
        LagGate strictest = new LagGate(new LagGate.Settings(Duration.ofSeconds(2), Duration.ZERO, LagGate.Measure.MAX));
        LagStats oneSlowRow = new LagStats(1_000, 100, 200, 300, 2_500);
        assertThat(gate.evaluate(0, oneSlowRow, false).reason()).startsWith("lag has been under 2.0 s");
        assertThat(strictest.evaluate(0, oneSlowRow, false))
                .isEqualTo(new LagGate.Result(false, "lag max 2.5 s is over the 2.0 s threshold"));
    }

    @Test
    void withAZeroHoldTimeIsSatisfiedAtTheFirstObservationUnderTheThreshold() {
        LagGate immediate = new LagGate(new LagGate.Settings(Duration.ofSeconds(2), Duration.ZERO));
        assertThat(immediate.evaluate(0, p99(100), false).ok()).isTrue();
    }

    @Test
    void rejectsAThresholdThatIsNotPositiveAndANegativeHoldTime() {
        assertThatThrownBy(() -> new LagGate.Settings(Duration.ZERO, Duration.ofSeconds(30)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("threshold");
        assertThatThrownBy(() -> new LagGate.Settings(Duration.ofSeconds(2), Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hold");
    }
}
