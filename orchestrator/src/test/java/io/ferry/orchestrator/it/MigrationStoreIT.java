package io.ferry.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.orchestrator.migration.FencedException;
import io.ferry.orchestrator.migration.JdbcMigrationStore;
import io.ferry.orchestrator.migration.Migration;
import io.ferry.orchestrator.migration.MigrationPhase;
import io.ferry.orchestrator.migration.MigrationState;
import io.ferry.orchestrator.migration.MigrationStore;
import io.ferry.orchestrator.migration.Routing;
import io.ferry.orchestrator.migration.Transition;
import io.ferry.sandbox.Sandbox;
import java.util.List;
import org.junit.jupiter.api.Test;

class MigrationStoreIT {

    private static final String DB = "migration_store";

    private MigrationStore store() {
        Sandbox sandbox = Sandbox.shared();
        sandbox.postgres().createDatabase(DB);
        return new JdbcMigrationStore(() -> sandbox.postgres().connect(DB));
    }

    @Test
    void onlyTheCoordinatorThatTookTheMigrationLastCanMoveIt() throws Exception {
        MigrationStore store = store();
        String name = "two-coordinators-" + System.nanoTime();
        store.create(name, MigrationPhase.STREAMING, "test");

        Migration first = store.acquire(name, "coordinator-a");
        assertThat(first.moveTo(MigrationPhase.READY, "lag 0.2 s, dlq empty")).isTrue();
        Migration second = store.acquire(name, "coordinator-b");
        assertThat(second.epoch()).isEqualTo(first.epoch() + 1);

        assertThatThrownBy(() -> first.moveTo(MigrationPhase.FROZEN, "freeze")).isInstanceOf(FencedException.class)
                .hasMessageContaining("epoch " + second.epoch());
        assertThatThrownBy(() -> first.recordWatermark("0-1-99")).isInstanceOf(FencedException.class);
        assertThat(store.load(name).orElseThrow().phase()).as("the fenced write changed nothing").isEqualTo(MigrationPhase.READY);

        assertThat(second.moveTo(MigrationPhase.FROZEN, "freeze")).isTrue();
        assertThat(second.moveTo(MigrationPhase.FROZEN, "freeze again")).as("idempotent").isFalse();
        List<Transition> log = store.log(name, 10);
        assertThat(log.get(0)).satisfies(t -> {
            assertThat(t.from()).isEqualTo(MigrationPhase.READY);
            assertThat(t.to()).isEqualTo(MigrationPhase.FROZEN);
            assertThat(t.actor()).isEqualTo("coordinator-b");
            assertThat(t.epoch()).isEqualTo(second.epoch());
        });
        assertThat(log).extracting(Transition::reason).doesNotContain("freeze again");
    }

    @Test
    void flipsTheRoutingAndThePhaseTogetherOnlyFromValidated() throws Exception {
        MigrationStore store = store();
        String name = "flip-" + System.nanoTime();
        assertThat(store.create(name, MigrationPhase.STREAMING, "test").routing()).isEqualTo(Routing.INITIAL);
        Migration m = store.acquire(name, "coordinator");
        m.moveTo(MigrationPhase.READY, "ready");
        assertThatThrownBy(() -> m.flip("too early")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("READY to FLIPPED");
        assertThat(m.state().routing()).isEqualTo(Routing.INITIAL);

        m.moveTo(MigrationPhase.FROZEN, "frozen");
        m.moveTo(MigrationPhase.DRAINED, "drained");
        m.moveTo(MigrationPhase.VALIDATED, "validated");
        m.recordWatermark("0-1-42");
        assertThat(m.flip("flip")).isTrue();
        assertThat(m.flip("flip again")).isFalse();

        MigrationState s = store.load(name).orElseThrow();
        assertThat(s.phase()).isEqualTo(MigrationPhase.FLIPPED);
        assertThat(s.routing()).isEqualTo(new Routing(Routing.Side.TARGET, 2));
        assertThat(s.watermark()).isEqualTo("0-1-42");
        assertThat(store.create(name, MigrationPhase.PLANNED, "test").phase()).as("create is idempotent").isEqualTo(MigrationPhase.FLIPPED);
    }

    @Test
    void aMigrationThatDoesNotExistCannotBeTaken() throws Exception {
        MigrationStore store = store();
        assertThat(store.load("nope-" + System.nanoTime())).isEmpty();
        assertThatThrownBy(() -> store.acquire("nope", "c")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no migration named nope");
    }
}
