package io.ferry.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.core.schema.TableId;
import io.ferry.core.value.LogicalType;
import io.ferry.core.value.jdbc.Engine;
import io.ferry.orchestrator.pipeline.LocalPipeline;
import io.ferry.orchestrator.schema.MySqlCatalogReader;
import io.ferry.orchestrator.schema.SchemaApplier;
import io.ferry.orchestrator.schema.SchemaPlanner;
import io.ferry.orchestrator.schema.TypeMapper;
import io.ferry.validator.TableChecksummer;
import io.ferry.validator.TableRows;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Edge values of the types the walking skeleton carries, moved once by the snapshot and once by
 * the stream: the target must read the same as the source, and both paths must give the same
 * target values. (The full matrix of issue 3 extends this.)
 */
class TypeMatrixIT {

    private static final String COLUMNS = "ti TINYINT, tiu TINYINT UNSIGNED, si SMALLINT, siu SMALLINT UNSIGNED, mi MEDIUMINT,"
            + " miu MEDIUMINT UNSIGNED, i INT, iu INT UNSIGNED, bi BIGINT, biu BIGINT UNSIGNED, b TINYINT(1),"
            + " d DECIMAL(65,30), d2 DECIMAL(10,2), dbl DOUBLE, y YEAR, c CHAR(5), vc VARCHAR(100), t TEXT, lt LONGTEXT,"
            + " bin BINARY(4), vb VARBINARY(20), bl LONGBLOB, dt DATE, dtt0 DATETIME, dtt6 DATETIME(6), ts3 TIMESTAMP(3) NULL,"
            + " j JSON, e ENUM('a b','it''s','c'), s SET('x','y','z'), fl FLOAT, b1 BIT(1), tm TIME(6),"
            + " dt1 DATETIME(1), dt2 DATETIME(2), dt3 DATETIME(3), dt4 DATETIME(4), dt5 DATETIME(5), ts0 TIMESTAMP NULL, ts6 TIMESTAMP(6) NULL";

    /** Minimums, maximums (TIMESTAMP's in the test servers' America/New_York), awkward values, NULLs. */
    private static final List<String> ROWS = List.of(
            "-128, 0, -32768, 0, -8388608, 0, -2147483648, 0, -9223372036854775808, 0, 0,"
                    + " '-99999999999999999999999999999999999.999999999999999999999999999999', -99999999.99, -1.7976931348623157E308,"
                    + " 1901, '', '', '', '', x'00000000', x'', x'', '1000-01-01', '1000-01-01 00:00:00', '1000-01-01 00:00:00.000000',"
                    + " '1970-01-01 00:00:01.000', '{}', 'a b', '', -3.4e38, b'0', '-838:59:59.000000',"
                    + " '1000-01-01 00:00:00.1', '1000-01-01 00:00:00.01', '1000-01-01 00:00:00.001', '1000-01-01 00:00:00.0001',"
                    + " '1000-01-01 00:00:00.00001', '1970-01-01 00:00:01', '1970-01-01 00:00:01.000001'",
            "127, 255, 32767, 65535, 8388607, 16777215, 2147483647, 4294967295, 9223372036854775807, 18446744073709551615, 1,"
                    + " '99999999999999999999999999999999999.999999999999999999999999999999', 99999999.99, 1.7976931348623157E308,"
                    + " 2155, 'abcde', 'max', 'x', 'y', x'FFFFFFFF', x'00FF00', x'0001', '9999-12-31', '9999-12-31 23:59:59',"
                    + " '9999-12-31 23:59:59.999999', '2038-01-18 22:14:07.999', '{\"big\": 12345678901234567890123, \"d\": 1.50}', 'c', 'z,x',"
                    + " 3.4e38, b'1', '838:59:59.000000', '9999-12-31 23:59:59.9', '9999-12-31 23:59:59.99',"
                    + " '9999-12-31 23:59:59.999', '9999-12-31 23:59:59.9999', '9999-12-31 23:59:59.99999', '2038-01-18 22:14:07',"
                    + " '2038-01-18 22:14:07.999999'",
            "1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, '1.500', 0.10, -0.0, 2024, 'ab', 'caf\u00e9 \ud83d\ude00 \u4e2d\u6587 \u05e9\u05dc\u05d5\u05dd', 'o''brien; DROP',"
                    + " REPEAT('long ', 20000), x'0a0b0c0d', x'00', REPEAT(x'00ff', 40000), '2024-02-29', '2024-03-10 02:30:00',"
                    + " '2024-03-10 02:30:00.5', '2024-11-03 01:30:00.123', '[1, \"\u00e9\", null, {\"b\": 2, \"a\": 1}]', 'it''s', 'y,x,z',"
                    + " 0.1, b'0', '-00:00:00.000001', '2024-03-10 02:30:00.1', '2024-03-10 02:30:00.12',"
                    + " '2024-03-10 02:30:00.123', '2024-03-10 02:30:00.1234', '2024-03-10 02:30:00.12345', '2024-11-03 01:30:00',"
                    + " '2024-11-03 01:59:59.999999'",
            "2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
                    + " NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL");

    @Test
    void snapshotAndStreamGiveTheSameTargetValuesAsTheSource() throws Exception {
        PipelineFixture f = new PipelineFixture("type_matrix", "stop", 100);
        f.sourceSql("CREATE TABLE matrix (id INT PRIMARY KEY, " + COLUMNS + ")");
        List<String> snapshot = new ArrayList<>();
        for (int i = 0; i < ROWS.size(); i++) {
            snapshot.add("INSERT INTO matrix VALUES (" + (i + 1) + ", " + ROWS.get(i) + ")");
        }
        f.sourceSql(snapshot.toArray(String[]::new));
        try (Connection c = f.source(); Connection pg = f.target()) {
            SchemaApplier.applyBeforeCopy(pg, new SchemaPlanner(new TypeMapper(TypeMapper.Options.DEFAULTS))
                    .plan(MySqlCatalogReader.read(c, f.name), "app"));
        }
        try (LocalPipeline pipeline = f.startInProcess()) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60))
                    .until(() -> pipeline.capture().stats().streaming() || pipeline.capture().stats().snapshotRows().values()
                            .stream().mapToLong(Long::longValue).sum() >= ROWS.size());
            List<String> stream = new ArrayList<>();
            for (int i = 0; i < ROWS.size(); i++) {
                stream.add("INSERT INTO matrix VALUES (" + (101 + i) + ", " + ROWS.get(i) + ")");
            }
            f.sourceSql(stream.toArray(String[]::new));
            pipeline.awaitCaughtUp(Duration.ofSeconds(60));
            assertThat(pipeline.failure()).isNull();
        }
        assertThat(f.differences("matrix", List.of("id"))).as("target against source").isEmpty();
        try (Connection pg = f.target()) {
            Map<String, LogicalType> cols = TableChecksummer.postgresColumns(pg, TableId.of("app", "matrix"));
            var rows = TableRows.read(pg, Engine.POSTGRESQL, TableId.of("app", "matrix"), cols, List.of("id"));
            for (int i = 0; i < ROWS.size(); i++) {
                List<String> bySnapshot = new ArrayList<>(rows.get(List.of(Integer.toString(i + 1))));
                List<String> byStream = new ArrayList<>(rows.get(List.of(Integer.toString(101 + i))));
                bySnapshot.remove(0);
                byStream.remove(0);
                assertThat(byStream).as("row %d: stream path against snapshot path", i + 1).isEqualTo(bySnapshot);
            }
        }
    }
}
