package io.ferry.orchestrator.migration;

import static io.ferry.orchestrator.migration.MigrationPhase.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MigrationPhaseTest {

    private static final Map<MigrationPhase, Set<MigrationPhase>> ALLOWED = Map.ofEntries(
            Map.entry(PLANNED, EnumSet.of(COPYING, STREAMING, FAILED)),
            Map.entry(COPYING, EnumSet.of(STREAMING, FAILED)),
            Map.entry(STREAMING, EnumSet.of(READY, FAILED)),
            Map.entry(READY, EnumSet.of(STREAMING, FROZEN, FAILED)),
            Map.entry(FROZEN, EnumSet.of(DRAINED, ABORTED, FAILED)),
            Map.entry(DRAINED, EnumSet.of(VALIDATED, ABORTED, FAILED)),
            Map.entry(VALIDATED, EnumSet.of(FLIPPED, ABORTED, FAILED)),
            Map.entry(FLIPPED, EnumSet.of(COMPLETE, ROLLBACK_FROZEN)),
            Map.entry(ROLLBACK_FROZEN, EnumSet.of(ROLLBACK_DRAINED, FLIPPED)),
            Map.entry(ROLLBACK_DRAINED, EnumSet.of(ROLLBACK_VALIDATED, FLIPPED)),
            Map.entry(ROLLBACK_VALIDATED, EnumSet.of(ROLLED_BACK, FLIPPED)),
            Map.entry(ROLLED_BACK, EnumSet.noneOf(MigrationPhase.class)),
            Map.entry(COMPLETE, EnumSet.noneOf(MigrationPhase.class)),
            Map.entry(ABORTED, EnumSet.of(STREAMING, FAILED)),
            Map.entry(FAILED, EnumSet.of(STREAMING)));

    @Test
    void allowsExactlyTheListedMovesBetweenEveryPairOfPhases() {
        assertThat(ALLOWED).containsOnlyKeys(MigrationPhase.values());
        for (MigrationPhase from : values()) {
            for (MigrationPhase to : values()) {
                boolean allowed = ALLOWED.get(from).contains(to);
                assertThat(from.canMoveTo(to)).as(from + " -> " + to).isEqualTo(allowed);
                if (allowed) {
                    from.checkMoveTo(to);
                } else {
                    assertThatThrownBy(() -> from.checkMoveTo(to)).as(from + " -> " + to)
                            .isInstanceOf(IllegalStateException.class)
                            .hasMessageContaining("from " + from + " to " + to);
                }
            }
            assertThat(from.next()).isEqualTo(ALLOWED.get(from));
        }
    }

    @Test
    void refusesToGoBackFromTheFlipOrToSkipTheFreeze() {
        assertThatThrownBy(() -> FLIPPED.checkMoveTo(ABORTED)).hasMessageContaining("FLIPPED").hasMessageContaining("ABORTED");
        assertThatThrownBy(() -> STREAMING.checkMoveTo(FLIPPED)).hasMessageContaining("STREAMING to FLIPPED");
        assertThatThrownBy(() -> READY.checkMoveTo(DRAINED)).hasMessageContaining("READY to DRAINED");
        assertThatThrownBy(() -> COMPLETE.checkMoveTo(STREAMING)).hasMessageContaining("none, it is final");
    }

    @Test
    void onlyCompleteAndRolledBackAreFinal() {
        for (MigrationPhase p : values()) {
            assertThat(p.isFinal()).as(p.name()).isEqualTo(p == COMPLETE || p == ROLLED_BACK);
        }
    }

    @Test
    void placesThePointOfNoReturnAtTheFlip() {
        for (MigrationPhase p : values()) {
            assertThat(p.isBeforePointOfNoReturn()).as(p.name())
                    .isEqualTo(!EnumSet.of(FLIPPED, COMPLETE, ROLLBACK_FROZEN, ROLLBACK_DRAINED, ROLLBACK_VALIDATED, ROLLED_BACK).contains(p));
        }
        assertThat(EnumSet.allOf(MigrationPhase.class).stream().filter(MigrationPhase::isFreezing))
                .containsExactly(FROZEN, DRAINED, VALIDATED);
    }

    @Test
    void aRollbackStartsOnlyAfterTheFlipAndGoesBackToTheFlipUntilItFlipsBack() {
        assertThatThrownBy(() -> VALIDATED.checkMoveTo(ROLLBACK_FROZEN)).hasMessageContaining("VALIDATED to ROLLBACK_FROZEN");
        assertThatThrownBy(() -> COMPLETE.checkMoveTo(ROLLBACK_FROZEN)).hasMessageContaining("none, it is final");
        assertThatThrownBy(() -> ROLLED_BACK.checkMoveTo(FLIPPED)).hasMessageContaining("none, it is final");
        assertThatThrownBy(() -> ROLLBACK_FROZEN.checkMoveTo(ROLLED_BACK)).as("no flip back without drain and validation")
                .hasMessageContaining("ROLLBACK_FROZEN to ROLLED_BACK");
        assertThat(EnumSet.allOf(MigrationPhase.class).stream().filter(MigrationPhase::isRollingBack))
                .containsExactly(ROLLBACK_FROZEN, ROLLBACK_DRAINED, ROLLBACK_VALIDATED);
    }
}
