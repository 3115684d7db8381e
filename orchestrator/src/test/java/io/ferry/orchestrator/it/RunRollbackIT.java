package io.ferry.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The way back through the command line, as an operator uses it: {@code ferry run} with {@code cutover.reverse.enabled},
 * {@code ferry cutover} (held at FLIPPED), the application's writes on PostgreSQL, {@code ferry rollback --dry-run},
 * {@code ferry rollback}; the writes are in MariaDB, the route names the source, and the run's readiness holds after
 * its forward pipeline stopped at the flip.
 */
class RunRollbackIT {

    private static final String PG_APP = "run_rb_app";
    private static final String TOKEN = "run-rollback-token-1";

    @Test
    void ferryRunCutoverAndRollbackFromTheCommandLine() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        PipelineFixture f = new PipelineFixture("run_rollback", "stop", 200, 50,
                "cutover: {lagSteadyMs: 1000, api: {port: " + port + ", token: " + TOKEN + "}, reverse: {enabled: true, applicationRole: "
                        + PG_APP + "}}\n");
        f.sourceSql("CREATE TABLE accounts (id BIGINT PRIMARY KEY, balance DECIMAL(12,2) NOT NULL, active TINYINT(1) NOT NULL, opened TIMESTAMP(3) NULL)",
                "INSERT INTO accounts SELECT seq, seq * 1.5, seq % 2, '2024-05-01 12:00:00.250' FROM seq_1_to_300");
        try (Connection root = f.sandbox.mariadb().connect(""); Statement s = root.createStatement()) {
            s.execute("SET GLOBAL read_only = 0");
            s.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON " + f.name + ".* TO 'ferry'@'%'");
            s.execute("GRANT ALL ON ferry.* TO 'ferry'@'%'");
            // The freeze (read_only) runs through the pipeline's source account, which also writes the way back under it.
            s.execute("GRANT SUPER, READ_ONLY ADMIN ON *.* TO 'ferry'@'%'");
        }
        Path yaml = withPasswordFile(f);
        ChildService run = ChildService.start("io.ferry.orchestrator.cli.Ferry", List.of("run", "-c", f.yaml.toString(), "--progress-interval", "2"),
                null, PipelineFixture.PASSWORD_ENV, PipelineFixture.PASSWORD, f.sandbox.directory().resolve("run_rollback-" + System.nanoTime() + ".log"));
        ChildService resumed = null;
        try {
            Awaitility.await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).until(() -> {
                run.assertAlive();
                return rows(f, "SELECT count(*) FROM app.accounts") >= 300;
            });
            f.targetSql("DROP ROLE IF EXISTS " + PG_APP, "CREATE ROLE " + PG_APP + " LOGIN PASSWORD 'pw'",
                    "GRANT USAGE ON SCHEMA app TO " + PG_APP, "GRANT SELECT, INSERT, UPDATE, DELETE ON app.accounts TO " + PG_APP);

            // The gate needs a clean live validation and steady lag: asked again until it lets the cutover through.
            FerryCli.Result[] cutover = new FerryCli.Result[1];
            Awaitility.await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofSeconds(3)).until(() -> {
                run.assertAlive();
                cutover[0] = FerryCli.run("cutover", "-c", yaml.toString());
                return !cutover[0].out().contains("REFUSED");
            });
            assertThat(cutover[0].exit()).as("%s%n%s", cutover[0].out(), run.tail()).isZero();
            assertThat(cutover[0].out()).contains("FLIPPED").contains("reverse-replication").contains("start-reverse");
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(run.log).contains("forward capture and applier stopped at the flip"));

            try (Connection app = DriverManager.getConnection(f.sandbox.postgres().jdbcUrl(f.name), PG_APP, "pw"); Statement s = app.createStatement()) {
                s.execute("INSERT INTO app.accounts VALUES (1001, 10.25, true, '2026-11-30 10:00:00.5+00')");
                s.execute("UPDATE app.accounts SET balance = balance + 100, active = NOT active WHERE id <= 10");
                s.execute("DELETE FROM app.accounts WHERE id BETWEEN 20 AND 29");
                s.execute("UPDATE app.accounts SET id = 2001 WHERE id = 50");
            }

            // Stopped and started again past the flip, ferry run runs the coordinator alone: forward capture stays stopped,
            // and reverse replication resumes from its slot.
            run.terminate(60);
            resumed = ChildService.start("io.ferry.orchestrator.cli.Ferry", List.of("run", "-c", f.yaml.toString(), "--progress-interval", "2"),
                    null, PipelineFixture.PASSWORD_ENV, PipelineFixture.PASSWORD, f.sandbox.directory().resolve("run_rollback-again-" + System.nanoTime() + ".log"));
            resumed.awaitLog("is FLIPPED, past the flip: forward capture and applier stay stopped", Duration.ofSeconds(120));
            resumed.awaitLog("ferry run: coordinator on", Duration.ofSeconds(120));
            assertThat(Files.readString(resumed.log)).doesNotContain("capture and applier of pipeline");
            // Reverse replication streams again: a write made on PostgreSQL now reaches MariaDB.
            try (Connection app = DriverManager.getConnection(f.sandbox.postgres().jdbcUrl(f.name), PG_APP, "pw"); Statement s = app.createStatement()) {
                s.execute("INSERT INTO app.accounts VALUES (1002, 7.00, false, NULL)");
            }
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
                try (Connection c = f.source(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM accounts WHERE id = 1002")) {
                    return rs.next() && rs.getInt(1) == 1;
                }
            });

            // ferry status shows the way back beside the forward pipeline, read from its own offsets.
            Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                FerryCli.Result st = FerryCli.run("status", "-c", yaml.toString());
                assertThat(st.out()).as(st.out()).contains("reverse replication (target to source")
                        .contains("pipeline " + f.name + "-reverse: ").contains("    apply              0 records behind")
                        .doesNotContain("problem").doesNotContain(PipelineFixture.PASSWORD);
            });

            FerryCli.Result dry = FerryCli.run("rollback", "-c", yaml.toString(), "--dry-run");
            assertThat(dry.exit()).as(dry.out()).isZero();
            assertThat(dry.out()).contains("freeze-target").contains("reverse-drain").contains("flip-back");
            FerryCli.Result back = FerryCli.run("rollback", "-c", yaml.toString());
            System.out.println(back.out());
            assertThat(back.exit()).as("%s%n%s", back.out(), resumed.tail()).isZero();
            assertThat(back.out()).contains("ROLLED_BACK");

            assertThat(f.differences("accounts", List.of("id"))).as("MariaDB holds every write made on PostgreSQL").isEmpty();
            assertThat(rows(f, "SELECT count(*) FROM app.accounts")).isEqualTo(300 + 2 - 10);
            try (Connection c = f.source(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT id, balance, active FROM accounts WHERE id IN (1, 1001, 2001, 50, 25) ORDER BY id")) {
                Map<Long, String> got = new TreeMap<>();
                while (rs.next()) {
                    got.put(rs.getLong(1), rs.getBigDecimal(2).toPlainString() + "/" + rs.getInt(3));
                }
                assertThat(got).containsExactlyEntriesOf(new TreeMap<>(Map.of(1L, "101.50/0", 1001L, "10.25/1", 2001L, "75.00/0")));
            }
            FerryCli.Result status = FerryCli.run("status", "-c", yaml.toString());
            assertThat(status.out()).as(status.out()).contains("ROLLED_BACK").contains("route source v3");

            // ferry run says the migration is over, stops its progress, and goes on serving the routing until stopped.
            resumed.awaitLog("is ROLLED_BACK (final): the application is routed to the source", Duration.ofSeconds(30));
            resumed.assertAlive();
            assertThat(routeOf(port, f.name)).contains("\"side\":\"source\"");
            resumed.terminate(60); // SIGTERM: it stops within the bound, or this fails with its log

            // Started again, it refuses: capture would start into a target that is no longer the source's copy.
            ChildService again = ChildService.start("io.ferry.orchestrator.cli.Ferry", List.of("run", "-c", f.yaml.toString()), null,
                    PipelineFixture.PASSWORD_ENV, PipelineFixture.PASSWORD, f.sandbox.directory().resolve("run_rollback-again-" + System.nanoTime() + ".log"));
            try {
                assertThat(again.awaitExit(120)).as(again.tail()).isEqualTo(1);
                assertThat(again.tail()).contains("migration " + f.name + " is ROLLED_BACK, which is final")
                        .doesNotContain(PipelineFixture.PASSWORD);
            } finally {
                again.close();
            }
        } finally {
            run.close();
            if (resumed != null) {
                resumed.close();
            }
            try (Connection root = f.sandbox.mariadb().connect(""); Statement s = root.createStatement()) {
                s.execute("SET GLOBAL read_only = 0");
            }
            f.targetSql("ALTER ROLE " + PG_APP + " IN DATABASE " + f.name + " RESET default_transaction_read_only");
        }
    }

    /** The routing the coordinator serves to the application. */
    private static String routeOf(int port, String migration) throws Exception {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + port + "/api/v1/migrations/" + migration + "/route")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    private static long rows(PipelineFixture f, String sql) {
        try (Connection c = f.target(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException notYet) {
            return 0;
        }
    }

    private static Path withPasswordFile(PipelineFixture f) throws Exception {
        Path secret = f.sandbox.directory().resolve("run_rollback.password");
        Files.writeString(secret, PipelineFixture.PASSWORD + "\n");
        Path file = f.sandbox.directory().resolve("run_rollback-file.yaml");
        Files.writeString(file, Files.readString(f.yaml).replace("${env:" + PipelineFixture.PASSWORD_ENV + "}", "${file:" + secret + "}"));
        return file;
    }
}
