package io.ferry.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.orchestrator.cutover.CutoverContext;
import io.ferry.orchestrator.cutover.MySqlAccount;
import io.ferry.orchestrator.cutover.ReadOnlyFreeze;
import io.ferry.orchestrator.cutover.RevokeFreeze;
import io.ferry.orchestrator.migration.JdbcMigrationStore;
import io.ferry.orchestrator.migration.Migration;
import io.ferry.orchestrator.migration.MigrationPhase;
import io.ferry.orchestrator.migration.MigrationStore;
import io.ferry.sandbox.Sandbox;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The freezes against a real MariaDB: the application account's writes stop, and start again on unfreeze. */
class FreezeIT {

    private static final String DB = "freeze_it";
    private static final String APP = "freeze_app";
    private static final String APP_PASSWORD = "app-Pw-31";
    private static final Sandbox SANDBOX = Sandbox.shared();

    @BeforeAll
    static void applicationAccount() throws SQLException {
        try (Connection c = SANDBOX.mariadb().connect(""); Statement s = c.createStatement()) {
            s.execute("SET GLOBAL read_only = 0");
            s.execute("DROP DATABASE IF EXISTS " + DB);
            s.execute("CREATE DATABASE " + DB);
            s.execute("CREATE TABLE " + DB + ".orders (id INT PRIMARY KEY, note VARCHAR(20))");
            s.execute("DROP USER IF EXISTS '" + APP + "'@'%'");
            s.execute("CREATE USER '" + APP + "'@'%' IDENTIFIED BY '" + APP_PASSWORD + "'");
            s.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON " + DB + ".* TO '" + APP + "'@'%'");
        }
        SANDBOX.postgres().createDatabase(DB);
    }

    private static Connection app() throws SQLException {
        return DriverManager.getConnection(SANDBOX.mariadb().jdbcUrl(DB), APP, APP_PASSWORD);
    }

    private static void write(Connection c, int id) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("INSERT INTO orders (id, note) VALUES (" + id + ", 'x')");
        }
    }

    private static CutoverContext context(String name) throws SQLException {
        MigrationStore store = new JdbcMigrationStore(() -> SANDBOX.postgres().connect(DB));
        store.create(name, MigrationPhase.STREAMING, "test");
        Migration m = store.acquire(name, "freeze-it");
        return new CutoverContext(m, false);
    }

    @Test
    void readOnlyStopsTheApplicationsWritesAndUnfreezeRestoresThem() throws Exception {
        ReadOnlyFreeze freeze = new ReadOnlyFreeze(() -> SANDBOX.mariadb().connect(""),
                io.ferry.capture.engine.SourceEngines.of(io.ferry.core.config.SourceKind.MARIADB).readOnlyFreeze(DB, null));
        CutoverContext ctx = context("read-only-" + System.nanoTime());
        try (Connection app = app()) {
            write(app, 1);
            freeze.freeze(ctx);
            freeze.freeze(ctx); // idempotent
            assertThatThrownBy(() -> write(app, 2)).isInstanceOf(SQLException.class).hasMessageContaining("read-only");
            try (Connection fresh = app()) {
                assertThatThrownBy(() -> write(fresh, 3)).hasMessageContaining("read-only");
            }
            try (Connection root = SANDBOX.mariadb().connect("")) {
                assertThat(ReadOnlyFreeze.bypassingAccounts(root, io.ferry.capture.engine.SourceEngines.of(io.ferry.core.config.SourceKind.MARIADB).readOnlyFreeze(DB, null))).as("root bypasses read_only").anyMatch(a -> a.startsWith("'root'@"))
                        .noneMatch(a -> a.contains(APP));
            }
            freeze.unfreeze(ctx);
            write(app, 4);
        } finally {
            freeze.unfreeze(ctx);
        }
    }

    @Test
    void revokeStopsTheApplicationsWritesEvenOnOpenSessionsAndUnfreezeGrantsThemBack() throws Exception {
        RevokeFreeze freeze = new RevokeFreeze(() -> SANDBOX.mariadb().connect(""), DB, new MySqlAccount(APP, "%"));
        CutoverContext ctx = context("revoke-" + System.nanoTime());
        try (Connection open = app()) {
            write(open, 11);
            freeze.freeze(ctx);
            assertThat(ctx.migration().state().freezeState()).as("persisted before revoking").isEqualTo("INSERT,UPDATE,DELETE");
            freeze.freeze(ctx); // idempotent: a second freeze finds nothing to revoke and keeps what to give back
            assertThat(ctx.migration().state().freezeState()).isEqualTo("INSERT,UPDATE,DELETE");
            assertThatThrownBy(() -> write(open, 12)).as("the open session was ended").isInstanceOf(SQLException.class);
            try (Connection fresh = app()) {
                assertThatThrownBy(() -> write(fresh, 13)).hasMessageContaining("denied");
                try (Statement s = fresh.createStatement()) {
                    assertThat(s.executeQuery("SELECT count(*) FROM orders").next()).as("reads go on").isTrue();
                }
            }
            freeze.unfreeze(ctx);
            try (Connection fresh = app()) {
                write(fresh, 14);
            }
            assertThat(ctx.migration().state().freezeState()).isNull();
        } finally {
            freeze.unfreeze(ctx);
        }
    }

    @Test
    void revokeRefusesAnAccountWhoseWritePrivilegesAreGlobal() throws Exception {
        try (Connection c = SANDBOX.mariadb().connect(""); Statement s = c.createStatement()) {
            s.execute("DROP USER IF EXISTS 'freeze_global'@'%'");
            s.execute("CREATE USER 'freeze_global'@'%' IDENTIFIED BY 'x'");
            s.execute("GRANT INSERT, UPDATE, DELETE ON *.* TO 'freeze_global'@'%'");
        }
        RevokeFreeze freeze = new RevokeFreeze(() -> SANDBOX.mariadb().connect(""), DB, new MySqlAccount("freeze_global", "%"));
        assertThatThrownBy(() -> freeze.freeze(context("revoke-global-" + System.nanoTime())))
                .hasMessageContaining("on *.*, which revoke does not touch");
    }

    @Test
    void readOnlyTellsBeforeAnyCutoverWhenItsAccountMayNotFlipTheSwitch() throws Exception {
        String password = "weak-Secret-42";
        try (Connection c = SANDBOX.mariadb().connect(""); Statement s = c.createStatement()) {
            s.execute("DROP USER IF EXISTS 'freeze_weak'@'%'");
            s.execute("CREATE USER 'freeze_weak'@'%' IDENTIFIED BY '" + password + "'");
            // What the README asks of capture's account, without READ_ONLY ADMIN.
            s.execute("GRANT SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, BINLOG MONITOR ON *.* TO 'freeze_weak'@'%'");
        }
        ReadOnlyFreeze freeze = new ReadOnlyFreeze(() -> DriverManager.getConnection(SANDBOX.mariadb().jdbcUrl(""), "freeze_weak", password),
                io.ferry.capture.engine.SourceEngines.of(io.ferry.core.config.SourceKind.MARIADB).readOnlyFreeze("", null));

        assertThat(freeze.cannotFreeze()).singleElement().satisfies(why -> assertThat(why)
                .contains("'freeze_weak'@'%'", "READ_ONLY ADMIN", "SET GLOBAL read_only")
                .doesNotContain(password).doesNotContain("PASSWORD"));
        // And the switch indeed refuses it.
        assertThatThrownBy(() -> freeze.freeze(context("weak-" + System.nanoTime()))).hasMessageContaining("READ_ONLY ADMIN");
        // Undoing a freeze that never took effect has nothing to do, which the account may: ferry abort then leaves FAILED.
        freeze.unfreeze(context("weak-" + System.nanoTime()));
        // ferry check says so as an error, before any run.
        var readOnly = new io.ferry.core.config.CutoverConfig(io.ferry.core.config.FreezeMethod.READ_ONLY, 0, 0, 0, null, null, null,
                io.ferry.core.config.ReverseConfig.DISABLED);
        try (Connection weak = DriverManager.getConnection(SANDBOX.mariadb().jdbcUrl(""), "freeze_weak", password)) {
            assertThat(io.ferry.orchestrator.check.FreezeChecks.run(weak, readOnly, io.ferry.core.config.SourceKind.MARIADB))
                    .filteredOn(f -> f.code().equals("cutover.freeze-not-permitted")).singleElement().satisfies(f -> {
                        assertThat(f.severity()).isEqualTo(io.ferry.orchestrator.check.Finding.Severity.ERROR);
                        assertThat(f.message()).contains("GRANT READ_ONLY ADMIN ON *.* TO 'freeze_weak'@'%'").doesNotContain(password);
                    });
        }

        try (Connection c = SANDBOX.mariadb().connect(""); Statement s = c.createStatement()) {
            s.execute("GRANT READ_ONLY ADMIN ON *.* TO 'freeze_weak'@'%'");
        }
        assertThat(freeze.cannotFreeze()).isEmpty();
        assertThat(new ReadOnlyFreeze(() -> SANDBOX.mariadb().connect(""),
                io.ferry.capture.engine.SourceEngines.of(io.ferry.core.config.SourceKind.MARIADB).readOnlyFreeze("", null)).cannotFreeze())
                .as("root").isEmpty();
    }
}
