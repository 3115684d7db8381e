package io.ferry.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.core.schema.TableId;
import io.ferry.core.value.jdbc.Engine;
import io.ferry.orchestrator.pipeline.LocalPipeline;
import io.ferry.orchestrator.schema.MySqlCatalogReader;
import io.ferry.orchestrator.schema.SchemaApplier;
import io.ferry.orchestrator.schema.SchemaPlan;
import io.ferry.orchestrator.schema.SchemaPlanner;
import io.ferry.core.schema.mapping.TypeMapper;
import io.ferry.validator.TableChecksummer;
import io.ferry.validator.TableRows;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ENUM labels as declared, with capitals, a quote, a space and non-ASCII letters, and a mixed-case
 * default, through the snapshot and the stream under each enum mapping that checks the labels. The
 * pipeline stops on any rejected row, so a label that the target spells differently fails the test.
 * An UNSIGNED DECIMAL rides along with its non-negative CHECK.
 */
class EnumLabelsIT {

    private static final List<String> LABELS = List.of("Y", "N", "it's", "\u00dcn\u00efcode", "with space");

    private static String literal(String label) {
        return "'" + label.replace("'", "''") + "'";
    }

    @ParameterizedTest(name = "types.enums: {0}")
    @ValueSource(strings = {"check", "pg_enum"})
    void mixedCaseQuotedAndUnicodeLabelsAndTheirDefaultArriveAsDeclaredByBothPaths(String mapping) throws Exception {
        PipelineFixture f = new PipelineFixture("enum_labels_" + mapping, "stop", 100, "types: {enums: " + mapping + "}\n");
        String enumType = "ENUM(" + String.join(",", LABELS.stream().map(EnumLabelsIT::literal).toList()) + ")";
        f.sourceSql("CREATE TABLE flags (id INT PRIMARY KEY, flag " + enumType + " NOT NULL DEFAULT 'N', opt " + enumType + " NULL,"
                + " amount DECIMAL(8,2) UNSIGNED NOT NULL DEFAULT 0)");
        List<String> snapshot = new ArrayList<>();
        for (int i = 0; i < LABELS.size(); i++) {
            snapshot.add("INSERT INTO flags VALUES (" + (i + 1) + ", " + literal(LABELS.get(i)) + ", "
                    + literal(LABELS.get(LABELS.size() - 1 - i)) + ", " + i + ".25)");
        }
        snapshot.add("INSERT INTO flags (id) VALUES (10)");
        f.sourceSql(snapshot.toArray(String[]::new));

        try (Connection c = f.source(); Connection pg = f.target()) {
            SchemaPlan plan = new SchemaPlanner(new TypeMapper(f.config.types())).plan(MySqlCatalogReader.read(c, f.name), "app");
            assertThat(plan.toSql()).contains("'Y', 'N', 'it''s', '\u00dcn\u00efcode', 'with space'").contains("DEFAULT 'N'")
                    .contains("CHECK (\"amount\" >= 0)");
            SchemaApplier.applyBeforeCopy(pg, plan);
            try (Statement s = pg.createStatement()) {
                if (mapping.equals("pg_enum")) {
                    assertThat(single(s, "SELECT string_agg(e.enumlabel, '|' ORDER BY e.enumsortorder) FROM pg_enum e"
                            + " WHERE e.enumtypid = 'app.flags_flag_enum'::regtype")).isEqualTo(String.join("|", LABELS));
                }
                assertThat(single(s, "SELECT pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d JOIN pg_attribute a"
                        + " ON a.attrelid = d.adrelid AND a.attnum = d.adnum WHERE d.adrelid = 'app.flags'::regclass AND a.attname = 'flag'"))
                        .startsWith("'N'");
            }
        }

        try (LocalPipeline pipeline = f.startInProcess()) {
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> pipeline.capture().stats().streaming()
                    || pipeline.capture().stats().snapshotRows().values().stream().mapToLong(Long::longValue).sum() >= LABELS.size() + 1);
            List<String> stream = new ArrayList<>();
            for (int i = 0; i < LABELS.size(); i++) {
                stream.add("INSERT INTO flags VALUES (" + (101 + i) + ", " + literal(LABELS.get(i)) + ", NULL, 1)");
                stream.add("UPDATE flags SET flag = " + literal(LABELS.get(LABELS.size() - 1 - i)) + ", opt = "
                        + literal(LABELS.get(i)) + ", amount = " + i + ".5 WHERE id = " + (101 + i));
            }
            stream.add("INSERT INTO flags (id) VALUES (110)");
            f.sourceSql(stream.toArray(String[]::new));
            pipeline.awaitCaughtUp(Duration.ofSeconds(60));
            assertThat(pipeline.failure()).as("no row was rejected by the target").isNull();
        }

        assertThat(f.differences("flags", List.of("id"))).as("target against source").isEmpty();
        try (Connection pg = f.target()) {
            TableId flags = TableId.of("app", "flags");
            Map<List<String>, List<String>> rows = TableRows.read(pg, Engine.POSTGRESQL, flags, TableChecksummer.postgresColumns(pg, flags),
                    List.of("id"));
            assertThat(rows).hasSize(2 * LABELS.size() + 2);
            for (int i = 0; i < LABELS.size(); i++) {
                String reversed = LABELS.get(LABELS.size() - 1 - i);
                assertThat(rows.get(List.of(Integer.toString(i + 1)))).as("snapshot row %d", i + 1)
                        .containsExactly(Integer.toString(i + 1), LABELS.get(i), reversed, i + ".25");
                assertThat(rows.get(List.of(Integer.toString(101 + i)))).as("streamed row %d", 101 + i)
                        .containsExactly(Integer.toString(101 + i), reversed, LABELS.get(i), i + ".5");
            }
            assertThat(rows.get(List.of("10"))).as("the source's default, by the snapshot").containsExactly("10", "N", null, "0");
            assertThat(rows.get(List.of("110"))).as("the source's default, by the stream").containsExactly("110", "N", null, "0");
            try (Statement s = pg.createStatement()) {
                s.execute("INSERT INTO app.flags (id) VALUES (999)");
                assertThat(single(s, "SELECT flag::text FROM app.flags WHERE id = 999")).as("the target's own default").isEqualTo("N");
            }
        }
    }

    private static String single(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
