package io.ferry.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.orchestrator.migration.JdbcMigrationStore;
import io.ferry.orchestrator.migration.MigrationPhase;
import io.ferry.orchestrator.migration.MigrationState;
import io.ferry.orchestrator.migration.Routing;
import io.ferry.sandbox.Sandbox;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A coordinator halted at a named fault point during a cutover, then a new one started: before the flip it
 * unfreezes the source and returns to STREAMING, after it it completes and the source stays frozen.
 */
class CoordinatorCrashIT {

    private static final Sandbox SANDBOX = Sandbox.shared();
    private static final String DB = "coordinator_crash";

    @AfterEach
    void unfreeze() throws Exception {
        try (Connection c = SANDBOX.mariadb().connect(""); Statement s = c.createStatement()) {
            s.execute("SET GLOBAL read_only = 0");
        }
    }

    @ParameterizedTest(name = "halted at {0}")
    @CsvSource({
            "cutover.after-freeze, FROZEN, STREAMING, 0",
            "cutover.before-drain, FROZEN, STREAMING, 0",
            "cutover.after-final-validation, VALIDATED, STREAMING, 0",
            "cutover.before-flip, VALIDATED, STREAMING, 0",
            "cutover.after-flip, FLIPPED, COMPLETE, 1"})
    void aRestartedCoordinatorRollsBackBeforeTheFlipAndCompletesAfterIt(String fault, MigrationPhase halted, MigrationPhase recovered,
                                                                       int readOnlyAfter) throws Exception {
        SANDBOX.postgres().createDatabase(DB);
        String name = "crash-" + fault.replace('.', '-') + "-" + System.nanoTime();
        List<String> args = List.of(SANDBOX.mariadb().jdbcUrl(""), SANDBOX.postgres().jdbcUrl(DB), name, "cutover");
        try (ChildService first = ChildService.start(CrashingCoordinatorMain.class.getName(), args, fault, "UNUSED", "unused",
                SANDBOX.directory().resolve(name + "-1.log"))) {
            assertThat(first.awaitExit(120)).as("halted by the fault point").isEqualTo(137);
        }
        JdbcMigrationStore store = new JdbcMigrationStore(() -> SANDBOX.postgres().connect(DB));
        MigrationState atCrash = store.load(name).orElseThrow();
        assertThat(atCrash.phase()).isEqualTo(halted);
        assertThat(readOnly()).as("the source is frozen when the coordinator dies").isEqualTo(1);

        List<String> again = List.of(SANDBOX.mariadb().jdbcUrl(""), SANDBOX.postgres().jdbcUrl(DB), name, "recover");
        try (ChildService second = ChildService.start(CrashingCoordinatorMain.class.getName(), again, null, "UNUSED", "unused",
                SANDBOX.directory().resolve(name + "-2.log"))) {
            assertThat(second.awaitExit(120)).as(second.tail()).isZero();
        }
        MigrationState after = store.load(name).orElseThrow();
        assertThat(after.phase()).isEqualTo(recovered);
        assertThat(after.epoch()).isGreaterThan(atCrash.epoch());
        assertThat(after.routing().side()).isEqualTo(recovered == MigrationPhase.COMPLETE ? Routing.Side.TARGET : Routing.Side.SOURCE);
        assertThat(readOnly()).as("unfrozen before the flip, frozen after it").isEqualTo(readOnlyAfter);
    }

    private static int readOnly() throws Exception {
        try (Connection c = SANDBOX.mariadb().connect(""); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT @@GLOBAL.read_only")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
