package io.ferry.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.orchestrator.migration.JdbcMigrationStore;
import io.ferry.orchestrator.migration.MigrationPhase;
import io.ferry.orchestrator.migration.MigrationState;
import io.ferry.orchestrator.migration.Routing;
import io.ferry.sandbox.Sandbox;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A coordinator killed at each step of a rollback (halted at a named fault point, as kill -9 would), then a new one
 * started: before the flip back it unfreezes the target and returns to FLIPPED (the routing still names the target, the
 * source still frozen); after it, it completes the rollback (the source unfrozen, the target frozen). At no moment, at the
 * crash or after the recovery, are both sides writable for the application.
 */
class RollbackCrashIT {

    private static final Sandbox SANDBOX = Sandbox.shared();
    private static final String DB = "rollback_crash";
    private static final String ROLE = "rollback_crash_app";

    @BeforeEach
    void role() throws Exception {
        SANDBOX.postgres().createDatabase(DB);
        try (Connection c = SANDBOX.postgres().connect(DB); Statement s = c.createStatement()) {
            s.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + ROLE + "') THEN CREATE ROLE " + ROLE
                    + " LOGIN; END IF; END $$");
        }
    }

    @AfterEach
    void unfreeze() throws Exception {
        try (Connection c = SANDBOX.mariadb().connect(""); Statement s = c.createStatement()) {
            s.execute("SET GLOBAL read_only = 0");
        }
        try (Connection c = SANDBOX.postgres().connect(DB); Statement s = c.createStatement()) {
            s.execute("ALTER ROLE " + ROLE + " IN DATABASE " + DB + " RESET default_transaction_read_only");
        }
    }

    @ParameterizedTest(name = "killed at {0}")
    @CsvSource({
            "rollback.after-freeze-target, ROLLBACK_FROZEN, FLIPPED",
            "rollback.before-reverse-drain, ROLLBACK_FROZEN, FLIPPED",
            "rollback.after-reverse-drain, ROLLBACK_DRAINED, FLIPPED",
            "rollback.after-rollback-validation, ROLLBACK_VALIDATED, FLIPPED",
            "rollback.before-flip-back, ROLLBACK_VALIDATED, FLIPPED",
            "rollback.after-flip-back, ROLLED_BACK, ROLLED_BACK",
            "rollback.before-unfreeze-source, ROLLED_BACK, ROLLED_BACK",
            "rollback.after-unfreeze-source, ROLLED_BACK, ROLLED_BACK"})
    void aRestartedCoordinatorReturnsToTheFlipBeforeTheFlipBackAndCompletesTheRollbackAfterIt(String fault, MigrationPhase halted,
                                                                                            MigrationPhase recovered) throws Exception {
        String name = "rbcrash-" + fault.replace('.', '-') + "-" + System.nanoTime();
        run(name, "flip", null, 0);
        JdbcMigrationStore store = new JdbcMigrationStore(() -> SANDBOX.postgres().connect(DB));
        assertThat(store.load(name).orElseThrow().phase()).as("a cutover with a way back holds at the flip").isEqualTo(MigrationPhase.FLIPPED);
        assertThat(sourceWritable()).isFalse();
        assertThat(targetWritable()).isTrue();

        run(name, "rollback", fault, 137);
        MigrationState atCrash = store.load(name).orElseThrow();
        assertThat(atCrash.phase()).isEqualTo(halted);
        assertThat(sourceWritable() && targetWritable()).as("both sides writable when the coordinator died").isFalse();

        run(name, "recover", null, 0);
        MigrationState after = store.load(name).orElseThrow();
        assertThat(after.phase()).isEqualTo(recovered);
        assertThat(after.epoch()).isGreaterThan(atCrash.epoch());
        boolean back = recovered == MigrationPhase.ROLLED_BACK;
        assertThat(after.routing().side()).isEqualTo(back ? Routing.Side.SOURCE : Routing.Side.TARGET);
        assertThat(sourceWritable()).as("the source takes writes again only after the flip back").isEqualTo(back);
        assertThat(targetWritable()).as("the target is unfrozen before the flip back, frozen after it").isEqualTo(!back);
    }

    private static void run(String name, String action, String fault, int exitCode) throws Exception {
        List<String> args = List.of(SANDBOX.mariadb().jdbcUrl(""), SANDBOX.postgres().jdbcUrl(DB), DB, ROLE, name, action);
        try (ChildService child = ChildService.start(RollbackCrashingCoordinatorMain.class.getName(), args, fault, "UNUSED", "unused",
                SANDBOX.directory().resolve(name + "-" + action + ".log"))) {
            assertThat(child.awaitExit(120)).as(child.tail()).isEqualTo(exitCode);
        }
    }

    private static boolean sourceWritable() throws Exception {
        try (Connection c = SANDBOX.mariadb().connect(""); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT @@GLOBAL.read_only")) {
            rs.next();
            return rs.getInt(1) == 0;
        }
    }

    /** Whether new sessions of the application's role may write (no read-only default set for it in the database). */
    private static boolean targetWritable() throws Exception {
        try (Connection c = SANDBOX.postgres().connect(DB); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM pg_db_role_setting s JOIN pg_roles r ON r.oid = s.setrole JOIN pg_database d ON d.oid = s.setdatabase "
                        + "WHERE r.rolname = ? AND d.datname = ? AND 'default_transaction_read_only=on' = ANY (s.setconfig)")) {
            ps.setString(1, ROLE);
            ps.setString(2, DB);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1) == 0;
            }
        }
    }
}
