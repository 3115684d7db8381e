package io.ferry.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.ferry.orchestrator.pipeline.LocalPipeline;
import io.ferry.orchestrator.schema.MySqlCatalogReader;
import io.ferry.orchestrator.schema.SchemaApplier;
import io.ferry.orchestrator.schema.SchemaPlanner;
import io.ferry.core.schema.mapping.TypeMapper;
import io.ferry.validator.Difference;
import io.ferry.validator.TableReport;
import io.ferry.validator.ValidationOptions;
import io.ferry.validator.ValidationReport;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The segmented validator against real MariaDB and PostgreSQL: tables copied by the pipeline, then
 * changed on one side by hand. Every injected difference must be found with its key and column, and
 * nothing else may be reported.
 */
class ValidatorIT {

    private static final String WIDE = "CREATE TABLE wide (id INT PRIMARY KEY, i INT, d DECIMAL(10,4), f DOUBLE, fl FLOAT,"
            + " s VARCHAR(20), txt TEXT, dt DATETIME(6), ts TIMESTAMP(6) NULL, dd DATE, tm TIME(6), b TINYINT(1), bl BLOB,"
            + " j JSON, e ENUM('a','b c'), st SET('x','y','z'), bits BIT(10))";

    /** 2,000 rows with a value in every column, made by MariaDB's sequence engine. */
    private static final String WIDE_ROWS = "INSERT INTO wide SELECT seq, seq * 7, seq / 8, seq / 3, seq / 7, CONCAT('s', seq),"
            + " REPEAT(CHAR(65 + seq % 26), seq % 50), TIMESTAMP('2024-01-01 00:00:00') + INTERVAL seq * 1001 MICROSECOND,"
            + " TIMESTAMP('2024-06-01 00:00:00') + INTERVAL seq MINUTE, DATE('2000-01-01') + INTERVAL seq DAY,"
            + " SEC_TO_TIME(seq * 37) + INTERVAL seq MICROSECOND, seq % 2, UNHEX(LPAD(HEX(seq), 8, '0')),"
            + " JSON_OBJECT('n', seq, 'tag', CONCAT('t', seq % 5)), IF(seq % 2 = 0, 'a', 'b c'), IF(seq % 3 = 0, 'z,x', 'y'),"
            + " seq % 1024 FROM seq_1_to_2000";

    private static PipelineFixture copied(String name, String... ddlAndRows) throws Exception {
        PipelineFixture f = new PipelineFixture(name, "stop", 500);
        f.sourceSql(ddlAndRows);
        try (Connection c = f.source(); Connection pg = f.target()) {
            SchemaApplier.applyBeforeCopy(pg, new SchemaPlanner(new TypeMapper(f.config.types())).plan(MySqlCatalogReader.read(c, f.name), "app"));
        }
        try (LocalPipeline pipeline = f.startInProcess()) {
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> pipeline.capture().stats().streaming()
                    || pipeline.capture().stats().snapshotRows().values().stream().mapToLong(Long::longValue).sum() > 0);
            pipeline.awaitCaughtUp(Duration.ofSeconds(90));
            assertThat(pipeline.failure()).isNull();
        }
        return f;
    }

    @Test
    void everyInjectedDifferenceIsFoundWithItsKeyAndColumnAndNothingElse() throws Exception {
        PipelineFixture f = copied("validator_divergence", WIDE, WIDE_ROWS);
        // Segments of about 400 rows, cut until 10 rows remain: the bisection is exercised, not only the row comparison.
        ValidationOptions options = ValidationOptions.DEFAULTS.withSegmentRows(400).withRowDiffRows(10);
        ValidationReport clean = f.validate(options, "wide");
        assertThat(clean.hasDifferences()).as(clean.text()).isFalse();
        assertThat(clean.tables().get(0).sourceRows()).isEqualTo(2000);
        assertThat(clean.tables().get(0).segments()).hasSizeGreaterThanOrEqualTo(4);

        f.targetSql(
                "DELETE FROM app.wide WHERE id = 17",
                "INSERT INTO app.wide (id, i) VALUES (5000, 1)",
                "UPDATE app.wide SET i = i + 1 WHERE id = 101",
                "UPDATE app.wide SET d = d + 0.0001 WHERE id = 202",
                // the next double after f: a change in the last bit of the significand
                "UPDATE app.wide SET f = f + (f * 2.220446049250313e-16) WHERE id = 303",
                "UPDATE app.wide SET s = '' WHERE id = 404",
                "UPDATE app.wide SET dt = dt + interval '1 microsecond' WHERE id = 505",
                "UPDATE app.wide SET bl = set_byte(bl, 3, get_byte(bl, 3) # 1) WHERE id = 606",
                "UPDATE app.wide SET j = '{\"n\": 707, \"tag\": \"changed\"}' WHERE id = 707",
                "UPDATE app.wide SET ts = ts + interval '1 microsecond' WHERE id = 808",
                "UPDATE app.wide SET tm = tm + interval '1 second' WHERE id = 909",
                "UPDATE app.wide SET b = NOT b WHERE id = 1010",
                "UPDATE app.wide SET e = 'a' WHERE id = 1111",
                "UPDATE app.wide SET st = 'x' WHERE id = 1212",
                "UPDATE app.wide SET bits = B'0000000000' WHERE id = 1313",
                "UPDATE app.wide SET dd = dd + 1 WHERE id = 1414",
                "UPDATE app.wide SET txt = NULL WHERE id = 1515",
                "UPDATE app.wide SET fl = 0.5 WHERE id = 1616",
                "UPDATE app.wide SET id = 9717 WHERE id = 1717",
                // equal decimals with other trailing zeros are no difference
                "ALTER TABLE app.wide ALTER COLUMN d TYPE numeric",
                "UPDATE app.wide SET d = 0.250 WHERE id = 2");
        f.sourceSql("UPDATE wide SET s = NULL WHERE id = 404");

        ValidationReport report = f.validate(options, "wide");
        TableReport t = report.tables().get(0);
        assertThat(t.status()).isEqualTo(TableReport.Status.DIFFERENT);
        assertThat(t.differences()).extracting(Difference::kind, d -> d.key().get(0),
                        d -> d.columns().stream().map(Difference.ColumnDifference::column).toList())
                .containsExactlyInAnyOrder(
                        tuple(Difference.Kind.MISSING, "17", List.of()),
                        tuple(Difference.Kind.EXTRA, "5000", List.of()),
                        tuple(Difference.Kind.DIFFERS, "101", List.of("i")),
                        tuple(Difference.Kind.DIFFERS, "202", List.of("d")),
                        tuple(Difference.Kind.DIFFERS, "303", List.of("f")),
                        tuple(Difference.Kind.DIFFERS, "404", List.of("s")),
                        tuple(Difference.Kind.DIFFERS, "505", List.of("dt")),
                        tuple(Difference.Kind.DIFFERS, "606", List.of("bl")),
                        tuple(Difference.Kind.DIFFERS, "707", List.of("j")),
                        tuple(Difference.Kind.DIFFERS, "808", List.of("ts")),
                        tuple(Difference.Kind.DIFFERS, "909", List.of("tm")),
                        tuple(Difference.Kind.DIFFERS, "1010", List.of("b")),
                        tuple(Difference.Kind.DIFFERS, "1111", List.of("e")),
                        tuple(Difference.Kind.DIFFERS, "1212", List.of("st")),
                        tuple(Difference.Kind.DIFFERS, "1313", List.of("bits")),
                        tuple(Difference.Kind.DIFFERS, "1414", List.of("dd")),
                        tuple(Difference.Kind.DIFFERS, "1515", List.of("txt")),
                        tuple(Difference.Kind.DIFFERS, "1616", List.of("fl")),
                        tuple(Difference.Kind.MISSING, "1717", List.of()),
                        tuple(Difference.Kind.EXTRA, "9717", List.of()));
        assertThat(t.differences()).filteredOn(d -> d.key().get(0).equals("404")).singleElement()
                .satisfies(d -> assertThat(d.columns().get(0)).isEqualTo(new Difference.ColumnDifference("s", null, "")));
        assertThat(t.differences()).filteredOn(d -> d.key().get(0).equals("505")).singleElement()
                .satisfies(d -> assertThat(d.columns().get(0).source()).isNotEqualTo(d.columns().get(0).target()));
        assertThat(report.text()).contains("differs: key [404] [s: source=NULL target='']");
    }

    @Test
    void segmentBoundariesInsideRunsOfEqualLeadingKeyColumnsLoseAndDuplicateNothing() throws Exception {
        // Three values of a, 300 of b each; b mixes cases, which a case-insensitive collation would order otherwise.
        PipelineFixture f = copied("validator_composite",
                "CREATE TABLE pairs (a INT NOT NULL, b VARCHAR(10) NOT NULL, v INT, PRIMARY KEY (a, b))",
                "INSERT INTO pairs SELECT x.seq, CONCAT(IF(y.seq % 2 = 0, 'k', 'K'), LPAD(y.seq, 4, '0')), x.seq * 1000 + y.seq"
                        + " FROM seq_1_to_3 x JOIN seq_1_to_300 y");
        ValidationOptions options = ValidationOptions.DEFAULTS.withSegmentRows(40).withRowDiffRows(5);
        ValidationReport clean = f.validate(options, "pairs");
        assertThat(clean.hasDifferences()).as(clean.text()).isFalse();
        TableReport t = clean.tables().get(0);
        assertThat(t.sourceRows()).isEqualTo(900);
        assertThat(t.targetRows()).isEqualTo(900);
        assertThat(t.segments()).as("boundaries fall inside runs of one value of a")
                .filteredOn(r -> r.lower() != null && r.upper() != null && r.lower().get(0).equals(r.upper().get(0))).isNotEmpty();

        // Change the rows on both sides of one boundary inside a run.
        var boundary = t.segments().stream().filter(r -> r.lower() != null && r.upper() != null
                && r.lower().get(0).equals(r.upper().get(0))).findFirst().orElseThrow().upper();
        f.targetSql("UPDATE app.pairs SET v = -1 WHERE a = " + boundary.get(0) + " AND b = '" + boundary.get(1) + "'",
                "UPDATE app.pairs SET v = -2 WHERE a = " + boundary.get(0) + " AND b = (SELECT max(b COLLATE \"C\") FROM app.pairs"
                        + " WHERE a = " + boundary.get(0) + " AND b COLLATE \"C\" < '" + boundary.get(1) + "')");
        ValidationReport report = f.validate(options, "pairs");
        assertThat(report.tables().get(0).differences()).hasSize(2)
                .allSatisfy(d -> assertThat(d.columns()).extracting(Difference.ColumnDifference::column).containsExactly("v"))
                .anySatisfy(d -> assertThat(d.key()).isEqualTo(boundary));
    }

    @Test
    void segmentsStayBalancedOnSkewedKeysAndATableWithoutKeyIsReportedNotValidated() throws Exception {
        // Half the keys dense from 1, half spread over twelve orders of magnitude.
        PipelineFixture f = copied("validator_skew",
                "CREATE TABLE skewed (id BIGINT PRIMARY KEY, v INT)",
                "INSERT INTO skewed SELECT seq, seq FROM seq_1_to_1500",
                "INSERT INTO skewed SELECT 1000000000000 + seq * 1000000007, seq FROM seq_1_to_1500");
        ValidationReport report = f.validate(ValidationOptions.DEFAULTS.withSegmentRows(300), "skewed");
        TableReport t = report.tables().get(0);
        assertThat(t.status()).isEqualTo(TableReport.Status.EQUAL);
        assertThat(t.segments()).hasSizeGreaterThanOrEqualTo(8);
        try (Connection c = f.source(); var s = c.createStatement()) {
            for (var range : t.segments()) {
                String where = (range.lower() == null ? "TRUE" : "id >= " + range.lower().get(0))
                        + (range.upper() == null ? "" : " AND id < " + range.upper().get(0));
                try (var rs = s.executeQuery("SELECT COUNT(*) FROM skewed WHERE " + where)) {
                    rs.next();
                    assertThat(rs.getLong(1)).as("rows in %s", range).isBetween(60L, 900L);
                }
            }
        }

        f.sourceSql("CREATE TABLE loose (a INT, b INT)", "INSERT INTO loose VALUES (1, 2), (1, 2)");
        f.targetSql("CREATE TABLE app.loose (a integer, b integer)", "INSERT INTO app.loose VALUES (1, 2), (1, 2)");
        ValidationReport loose = f.validate(ValidationOptions.DEFAULTS, "loose");
        assertThat(loose.tables().get(0).status()).isEqualTo(TableReport.Status.NOT_VALIDATED);
        assertThat(loose.tables().get(0).note()).contains("no primary key");
        assertThat(loose.hasDifferences()).as("a table that was not validated fails the run").isTrue();
    }
}
