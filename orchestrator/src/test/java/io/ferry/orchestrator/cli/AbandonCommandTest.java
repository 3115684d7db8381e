package io.ferry.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.orchestrator.migration.MigrationPhase;
import java.util.EnumSet;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AbandonCommandTest {

    @Test
    void aMigrationMayBeAbandonedUnlessACutoverRunsOrItFlipped() {
        assertThat(AbandonCommand.refusal(Optional.empty())).as("no coordinator ever ran").isNull();
        for (MigrationPhase p : EnumSet.of(MigrationPhase.PLANNED, MigrationPhase.COPYING, MigrationPhase.STREAMING,
                MigrationPhase.READY, MigrationPhase.ABORTED, MigrationPhase.FAILED)) {
            assertThat(AbandonCommand.refusal(Optional.of(p))).as(p.name()).isNull();
        }
        assertThat(AbandonCommand.refusal(Optional.of(MigrationPhase.FROZEN))).contains("ferry abort");
        assertThat(AbandonCommand.refusal(Optional.of(MigrationPhase.VALIDATED))).contains("ferry abort");
        assertThat(AbandonCommand.refusal(Optional.of(MigrationPhase.FLIPPED))).contains("ferry complete");
        assertThat(AbandonCommand.refusal(Optional.of(MigrationPhase.COMPLETE))).contains("ferry complete");
    }
}
