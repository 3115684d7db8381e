package io.ferry.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.orchestrator.check.Finding;
import io.ferry.orchestrator.check.SourceChecks;
import io.ferry.orchestrator.cli.Ferry;
import io.ferry.orchestrator.demo.ShopDatabase;
import io.ferry.orchestrator.schema.MySqlCatalogReader;
import io.ferry.core.schema.mapping.TypeMapper;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code ferry check} against a real MariaDB, configured well and badly. */
class CheckIT {

    private final TypeMapper types = new TypeMapper(io.ferry.core.config.TypesConfig.DEFAULTS);

    @Test
    void badlyConfiguredSourceGetsEachFindingByName() throws Exception {
        PipelineFixture f = new PipelineFixture("check_bad", "dlq", 100);
        f.sourceSql("CREATE TABLE nokey (a INT NULL, b INT NULL)",
                "CREATE TABLE places (id INT PRIMARY KEY, pt POINT NOT NULL)",
                "CREATE TABLE fine (id INT PRIMARY KEY, flag TINYINT(1), shipped DATE NOT NULL)",
                "CREATE TABLE `Mixed` (id INT PRIMARY KEY, `UserName` VARCHAR(10))",
                "SET SESSION sql_mode = ''",
                "INSERT INTO fine VALUES (1, 0, '2024-01-01'), (2, 5, '0000-00-00'), (3, -1, '2024-02-00')");
        try (Connection root = f.sandbox.mariadb().connect(""); Statement s = root.createStatement()) {
            s.execute("CREATE USER IF NOT EXISTS 'weak'@'%' IDENTIFIED BY 'weak-pw'");
            s.execute("GRANT SELECT ON `check_bad`.* TO 'weak'@'%'");
            s.execute("SET GLOBAL binlog_format = 'STATEMENT'");
        }
        List<Finding> findings;
        try (Connection weak = DriverManager.getConnection(f.sandbox.mariadb().jdbcUrl("check_bad"), "weak", "weak-pw")) {
            findings = SourceChecks.run(weak, f.name, MySqlCatalogReader.read(weak, f.name), types);
        } finally {
            try (Connection root = f.sandbox.mariadb().connect(""); Statement s = root.createStatement()) {
                s.execute("SET GLOBAL binlog_format = 'ROW'");
            }
        }
        assertThat(findings).filteredOn(x -> x.severity() == Finding.Severity.ERROR).extracting(Finding::code)
                .containsExactlyInAnyOrder("binlog.format", "privilege.missing", "table.no-key", "type.unsupported",
                        "value.tinyint1-not-boolean", "value.zero-date");
        assertThat(findings).filteredOn(x -> x.code().startsWith("value.")).extracting(Finding::subject, x -> x.message().split(" ")[0])
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("check_bad.fine.flag", "2"),
                        org.assertj.core.groups.Tuple.tuple("check_bad.fine.shipped", "2"));
        assertThat(findings).filteredOn(x -> x.code().equals("privilege.missing")).singleElement()
                .satisfies(x -> assertThat(x.message()).contains("GRANT RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO 'weak'@'%'"));
        assertThat(findings).filteredOn(x -> x.code().equals("identifier.case")).singleElement()
                .satisfies(x -> assertThat(x.message()).contains("Mixed, Mixed.UserName").contains("lower_case_table_names is 0"));
        assertThat(findings).filteredOn(x -> x.code().equals("sql-mode.zero-dates")).isEmpty();
        assertThat(findings).filteredOn(x -> x.code().equals("type.unsupported")).singleElement()
                .satisfies(x -> assertThat(x.subject()).isEqualTo("check_bad.places.pt"));
        assertThat(findings).filteredOn(x -> x.code().equals("table.no-key")).singleElement()
                .satisfies(x -> assertThat(x.subject()).isEqualTo("check_bad.nokey"));
    }

    @Test
    void wellConfiguredPipelinePassesAndTheCommandExitsZeroThenOneOnAnError() throws Exception {
        PipelineFixture f = new PipelineFixture("check_good", "dlq", 100);
        try (Connection c = f.source()) {
            ShopDatabase.createSource(c, f.name);
        }
        String yaml = f.yamlWithPasswordFile().toString();
        CommandLine cli = new CommandLine(new Ferry());
        assertThat(cli.execute("check", "-c", yaml)).as("exit code of a clean check").isZero();

        f.sourceSql("CREATE TABLE nokey (a INT NULL)");
        assertThat(cli.execute("check", "--json", "-c", yaml)).as("exit code with an error finding").isEqualTo(1);
    }
}
