package io.ferry.capture.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RegistryEngineTest {

    @Test
    void retriesAfterAFailureBackOffFromTenSecondsDoublingUpToFiveMinutes() {
        assertThat(RegistryEngine.backoff(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(RegistryEngine.backoff(2)).isEqualTo(Duration.ofSeconds(20));
        assertThat(RegistryEngine.backoff(4)).isEqualTo(Duration.ofSeconds(80));
        assertThat(RegistryEngine.backoff(6)).isEqualTo(Duration.ofMinutes(5));
        assertThat(RegistryEngine.backoff(1000)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void anEngineStateMayOnlyMoveAlongItsDiagram() {
        assertThat(EngineState.STARTING.to(EngineState.RUNNING)).isEqualTo(EngineState.RUNNING);
        assertThat(EngineState.FAILED.to(EngineState.STARTING)).isEqualTo(EngineState.STARTING);
        assertThatThrownBy(() -> EngineState.STOPPED.to(EngineState.STARTING))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("from STOPPED to STARTING");
        assertThatThrownBy(() -> EngineState.FAILED.to(EngineState.RUNNING)).isInstanceOf(IllegalStateException.class);
    }
}
