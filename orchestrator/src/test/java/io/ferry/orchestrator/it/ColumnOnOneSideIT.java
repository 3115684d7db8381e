package io.ferry.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * A column that only one side has is a difference of the table, whatever its rows hold (issue 15,
 * defect 3): after {@code ADD COLUMN c3 INT DEFAULT 1} on the source of an equal table, or a column
 * added on the target only, {@code ferry validate} names the table and the column in its text and
 * JSON reports and exits with 1.
 */
class ColumnOnOneSideIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The JSON report in what the command printed: in this JVM the tests' log lines go to standard output too. */
    private static String report(String out) {
        int start = out.indexOf("{\n");
        assertThat(start).as(out).isNotNegative();
        return out.substring(start);
    }

    @Test
    void aColumnOnTheSourceOnlyAndOneOnTheTargetOnlyAreDifferencesOfTheirTable() throws Exception {
        PipelineFixture f = new PipelineFixture("validate_columns", "stop", 100);
        f.sourceSql("CREATE TABLE s (id INT PRIMARY KEY, v VARCHAR(10))", "INSERT INTO s VALUES (1, 'a'), (2, 'b'), (3, NULL)",
                "CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10))", "INSERT INTO t VALUES (1, 'a'), (2, 'b')");
        f.targetSql("CREATE SCHEMA app",
                "CREATE TABLE app.s (id integer PRIMARY KEY, v varchar(10))", "INSERT INTO app.s VALUES (1, 'a'), (2, 'b'), (3, NULL)",
                "CREATE TABLE app.t (id integer PRIMARY KEY, v varchar(10))", "INSERT INTO app.t VALUES (1, 'a'), (2, 'b')");
        String config = f.yamlWithPasswordFile().toString();

        FerryCli.Result equal = FerryCli.run("validate", "-c", config);
        assertThat(equal.exit()).as(equal.out()).isZero();
        assertThat(equal.out()).contains("EQUAL         app.s").contains("EQUAL         app.t");

        f.sourceSql("ALTER TABLE s ADD COLUMN c3 INT DEFAULT 1");
        f.targetSql("ALTER TABLE app.t ADD COLUMN c4 text");

        FerryCli.Result text = FerryCli.run("validate", "-c", config);
        assertThat(text.exit()).as(text.out()).isEqualTo(1);
        assertThat(text.out())
                .contains("DIFFERENT     app.s")
                .contains("column c3: on the source only")
                .contains("DIFFERENT     app.t")
                .contains("column c4: on the target only")
                .doesNotContain("missing in target").doesNotContain("extra in target").doesNotContain("differs: key");

        FerryCli.Result json = FerryCli.run("validate", "-c", config, "--json", "--tables", "s");
        assertThat(json.exit()).as(json.out()).isEqualTo(1);
        JsonNode table = JSON.readTree(report(json.out())).get("tables").get(0);
        assertThat(table.get("table").asText()).isEqualTo("app.s");
        assertThat(table.get("status").asText()).isEqualTo("DIFFERENT");
        assertThat(table.get("differences")).isEmpty();
        assertThat(table.get("unmatchedColumns")).hasSize(1);
        assertThat(table.get("unmatchedColumns").get(0).get("column").asText()).isEqualTo("c3");
        assertThat(table.get("unmatchedColumns").get(0).get("onlyOn").asText()).isEqualTo("SOURCE");

        FerryCli.Result target = FerryCli.run("validate", "-c", config, "--json", "--tables", "t");
        assertThat(target.exit()).as(target.out()).isEqualTo(1);
        JsonNode t = JSON.readTree(report(target.out())).get("tables").get(0);
        assertThat(t.get("unmatchedColumns").get(0).get("column").asText()).isEqualTo("c4");
        assertThat(t.get("unmatchedColumns").get(0).get("onlyOn").asText()).isEqualTo("TARGET");

        // Rows are still compared over the columns both sides have.
        f.targetSql("UPDATE app.s SET v = 'x' WHERE id = 2");
        FerryCli.Result both = FerryCli.run("validate", "-c", config, "--tables", "s");
        assertThat(both.exit()).isEqualTo(1);
        assertThat(both.out()).contains("column c3: on the source only").contains("differs: key [2] [v: source='b' target='x']");
    }
}
