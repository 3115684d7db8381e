package io.ferry.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.core.schema.TableId;
import io.ferry.core.schema.jdbc.PostgresCatalog;
import io.ferry.core.value.jdbc.Engine;
import io.ferry.orchestrator.check.Finding;
import io.ferry.orchestrator.check.SourceChecks;
import io.ferry.orchestrator.pipeline.LocalPipeline;
import io.ferry.orchestrator.schema.MySqlCatalogReader;
import io.ferry.orchestrator.schema.SchemaApplier;
import io.ferry.orchestrator.schema.SchemaPlan;
import io.ferry.orchestrator.schema.SchemaPlanner;
import io.ferry.core.schema.mapping.TypeMapper;
import io.ferry.validator.TableChecksummer;
import io.ferry.validator.TableRows;
import io.ferry.validator.ValidationOptions;
import io.ferry.validator.ValidationReport;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The pipeline's {@code types} and {@code tables.withoutPrimaryKey} rules end to end: zero and
 * invalid dates under each policy, overridden mappings (TINYINT(1) as smallint, ENUM as a
 * PostgreSQL enum, SET as text[], JSON as json) and a table keyed by a unique index, each by
 * snapshot and by stream (insert, then update); then the error policy stopping capture by name.
 */
class TypeRulesIT {

    private static final String TYPES = """
            types:
              zeroDates: error
              enums: pg_enum
              sets: array
              byType: {json: json}
              columns:
                zero_dates.d_null: {zeroDates: as_null}
                zero_dates.d_sentinel: {zeroDates: sentinel, sentinel: "0001-01-01"}
                zero_dates.dt_sentinel: {zeroDates: sentinel, sentinel: "1970-01-01 00:00:00"}
                zero_dates.ts_null: {zeroDates: as_null}
                zero_dates.d_opt: {zeroDates: as_null}
                overridden.flag: {type: smallint}
            """;

    /** Per row: d_null, d_sentinel, dt_sentinel, ts_null, d_opt, d_ok as SQL, and as each must read in PostgreSQL. */
    private static final List<List<String>> ZERO_ROWS = List.of(
            List.of("'0000-00-00'", "'0000-00-00'", "'0000-00-00 00:00:00'", "'0000-00-00 00:00:00'", "'0000-00-00'", "'2024-01-01'"),
            List.of("'2024-00-10'", "'2024-05-00'", "'2024-00-00 10:00:00.5'", "'2024-06-01 12:00:00'", "'2024-00-10'", "'2024-01-02'"),
            List.of("'2024-01-15'", "'1970-01-01'", "'1970-01-01 00:00:00'", "'2024-06-01 12:00:00'", "NULL", "'2024-01-03'"));
    private static final List<List<String>> ZERO_EXPECTED = List.of(
            Arrays.asList(null, "0001-01-01", "1970-01-01 00:00:00", null, null, "2024-01-01"),
            Arrays.asList(null, "0001-01-01", "1970-01-01 00:00:00", "2024-06-01 16:00:00Z", null, "2024-01-02"),
            Arrays.asList("2024-01-15", "1970-01-01", "1970-01-01 00:00:00", "2024-06-01 16:00:00Z", null, "2024-01-03"));
    private static final List<String> ZERO_COLUMNS = List.of("d_null", "d_sentinel", "dt_sentinel", "ts_null", "d_opt", "d_ok");

    @Test
    void zeroDatesOverridesAndUniqueIndexKeysArriveAsTheRulesSayByBothPaths() throws Exception {
        PipelineFixture f = new PipelineFixture("type_rules", "stop", 100, TYPES);
        f.sourceSql("SET SESSION sql_mode = ''",
                "CREATE TABLE zero_dates (id INT PRIMARY KEY, d_null DATE NOT NULL, d_sentinel DATE NOT NULL,"
                        + " dt_sentinel DATETIME(3) NOT NULL, ts_null TIMESTAMP NOT NULL DEFAULT '2000-01-01 00:00:00',"
                        + " d_opt DATE NULL, d_ok DATE NOT NULL)",
                "CREATE TABLE overridden (id INT PRIMARY KEY, flag TINYINT(1), e ENUM('low','high','it''s'), s SET('a','b','c'), j JSON)",
                "CREATE TABLE keyless (code VARCHAR(10) NOT NULL, note VARCHAR(20), UNIQUE KEY by_code (code))");
        List<String> snapshot = new ArrayList<>(List.of("SET SESSION sql_mode = ''"));
        for (int r = 0; r < ZERO_ROWS.size(); r++) {
            snapshot.add("INSERT INTO zero_dates VALUES (" + (r + 1) + ", " + String.join(", ", ZERO_ROWS.get(r)) + ")");
        }
        snapshot.add("INSERT INTO overridden VALUES (1, 5, 'high', 'c,a', '{\"b\": 1, \"a\": [1, 2]}'), (2, 0, 'it''s', '', '[]'),"
                + " (3, NULL, NULL, NULL, NULL)");
        snapshot.add("INSERT INTO keyless VALUES ('k1', 'one'), ('k2', NULL)");
        f.sourceSql(snapshot.toArray(String[]::new));

        List<Finding> findings;
        try (Connection c = f.source(); Connection pg = f.target()) {
            var tables = MySqlCatalogReader.read(c, f.name);
            findings = SourceChecks.run(c, f.name, tables, new TypeMapper(f.config.types()));
            SchemaPlan plan = new SchemaPlanner(new TypeMapper(f.config.types())).plan(tables, "app");
            assertThat(plan.findings()).anySatisfy(x -> assertThat(x).contains("zero_dates.d_null").contains("nullable on the target"));
            SchemaApplier.applyBeforeCopy(pg, plan);
            assertThat(PostgresCatalog.columns(pg, TableId.of("app", "overridden")))
                    .containsEntry("flag", "smallint").containsEntry("e", "app.overridden_e_enum")
                    .containsEntry("s", "text[]").containsEntry("j", "json");
            assertThat(PostgresCatalog.primaryKey(pg, TableId.of("app", "keyless"))).containsExactly("code");
        }
        assertThat(findings).filteredOn(x -> x.code().equals("value.zero-date"))
                .extracting(Finding::subject, Finding::severity, x -> x.message().split(" ")[0])
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("type_rules.zero_dates.d_null", Finding.Severity.WARNING, "2"),
                        org.assertj.core.groups.Tuple.tuple("type_rules.zero_dates.d_sentinel", Finding.Severity.INFO, "2"),
                        org.assertj.core.groups.Tuple.tuple("type_rules.zero_dates.dt_sentinel", Finding.Severity.INFO, "2"),
                        org.assertj.core.groups.Tuple.tuple("type_rules.zero_dates.ts_null", Finding.Severity.WARNING, "1"),
                        org.assertj.core.groups.Tuple.tuple("type_rules.zero_dates.d_opt", Finding.Severity.WARNING, "2"));
        assertThat(findings).filteredOn(x -> x.code().equals("table.no-primary-key")).extracting(Finding::subject)
                .containsExactly("type_rules.keyless");

        try (LocalPipeline pipeline = f.startInProcess()) {
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> pipeline.capture().stats().streaming()
                    || pipeline.capture().stats().snapshotRows().values().stream().mapToLong(Long::longValue).sum() >= 8);
            List<String> stream = new ArrayList<>(List.of("SET SESSION sql_mode = ''"));
            for (int r = 0; r < ZERO_ROWS.size(); r++) {
                List<String> row = ZERO_ROWS.get(r);
                stream.add("INSERT INTO zero_dates VALUES (" + (101 + r) + ", '2020-01-01', '2020-01-01', '2020-01-01 00:00:00',"
                        + " '2020-01-01 00:00:00', '2020-01-01', '2020-01-01')");
                List<String> sets = new ArrayList<>();
                for (int i = 0; i < ZERO_COLUMNS.size(); i++) {
                    sets.add(ZERO_COLUMNS.get(i) + " = " + row.get(i));
                }
                stream.add("UPDATE zero_dates SET " + String.join(", ", sets) + " WHERE id = " + (101 + r));
            }
            stream.add("INSERT INTO overridden VALUES (101, 1, 'low', 'a', '{}'), (102, 1, 'low', 'a', '{}'), (103, 1, 'low', 'a', '{}')");
            stream.add("UPDATE overridden SET flag = 5, e = 'high', s = 'c,a', j = '{\"b\": 1, \"a\": [1, 2]}' WHERE id = 101");
            stream.add("UPDATE overridden SET flag = 0, e = 'it''s', s = '', j = '[]' WHERE id = 102");
            stream.add("UPDATE overridden SET flag = NULL, e = NULL, s = NULL, j = NULL WHERE id = 103");
            stream.add("INSERT INTO keyless VALUES ('k3', 'three')");
            stream.add("UPDATE keyless SET note = 'uno' WHERE code = 'k1'");
            stream.add("DELETE FROM keyless WHERE code = 'k2'");
            f.sourceSql(stream.toArray(String[]::new));
            pipeline.awaitCaughtUp(Duration.ofSeconds(60));
            assertThat(pipeline.failure()).isNull();

            try (Connection pg = f.target()) {
                var cols = TableChecksummer.postgresColumns(pg, TableId.of("app", "zero_dates"));
                var rows = TableRows.read(pg, Engine.POSTGRESQL, TableId.of("app", "zero_dates"), cols, List.of("id"));
                for (int r = 0; r < ZERO_ROWS.size(); r++) {
                    for (int id : new int[] {r + 1, 101 + r}) {
                        assertThat(rows.get(List.of(Integer.toString(id))).subList(1, 7)).as("zero_dates row %d", id)
                                .isEqualTo(ZERO_EXPECTED.get(r));
                    }
                }
                var over = TableRows.read(pg, Engine.POSTGRESQL, TableId.of("app", "overridden"),
                        TableChecksummer.postgresColumns(pg, TableId.of("app", "overridden")), List.of("id"));
                for (int id : new int[] {1, 101}) {
                    assertThat(over.get(List.of(Integer.toString(id)))).as("overridden row %d", id)
                            .containsExactly(Integer.toString(id), "5", "high", "a,c", "{\"a\":[1,2],\"b\":1}");
                }
                for (int id : new int[] {2, 102}) {
                    assertThat(over.get(List.of(Integer.toString(id)))).as("overridden row %d", id)
                            .containsExactly(Integer.toString(id), "0", "it's", "", "[]");
                }
                for (int id : new int[] {3, 103}) {
                    assertThat(over.get(List.of(Integer.toString(id)))).as("overridden row %d", id)
                            .containsExactly(Integer.toString(id), null, null, null, null);
                }
            }
            assertThat(f.differences("zero_dates", List.of("id"))).as("source read under the same rules").isEmpty();
            assertThat(f.differences("overridden", List.of("id"))).isEmpty();
            assertThat(f.differences("keyless", List.of("code"))).isEmpty();
            ValidationReport validation = f.validate(ValidationOptions.DEFAULTS.withSegmentRows(2), "zero_dates", "overridden", "keyless");
            assertThat(validation.hasDifferences()).as("zero dates read under their policies: %s", validation.text()).isFalse();

            f.sourceSql("SET SESSION sql_mode = ''",
                    "INSERT INTO zero_dates VALUES (200, '2024-01-01', '2024-01-01', '2024-01-01 00:00:00', '2024-01-01 00:00:00', NULL, '0000-00-00')");
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> pipeline.failure() != null);
            assertThat(pipeline.failure()).hasMessageContaining("zero_dates.d_ok").hasMessageContaining("zero-date policy is error");
        }
        try (Connection pg = f.target()) {
            Map<String, io.ferry.core.value.LogicalType> cols = TableChecksummer.postgresColumns(pg, TableId.of("app", "zero_dates"));
            assertThat(TableRows.read(pg, Engine.POSTGRESQL, TableId.of("app", "zero_dates"), cols, List.of("id")))
                    .as("the row with the zero date was not applied in any form").doesNotContainKey(List.of("200"));
        }
    }
}
