package io.ferry.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.core.schema.TableId;
import io.ferry.core.schema.mapping.TypeMapper;
import io.ferry.core.value.LogicalType;
import io.ferry.core.value.jdbc.Engine;
import io.ferry.orchestrator.pipeline.LocalPipeline;
import io.ferry.orchestrator.reverse.ReverseReplication;
import io.ferry.orchestrator.schema.MySqlCatalogReader;
import io.ferry.orchestrator.schema.SchemaApplier;
import io.ferry.orchestrator.schema.SchemaPlan;
import io.ferry.orchestrator.schema.SchemaPlanner;
import io.ferry.validator.TableChecksummer;
import io.ferry.validator.TableRows;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The type matrix forward and back: every MySQL/MariaDB type with edge values goes to PostgreSQL by the forward
 * pipeline, then, written on PostgreSQL as new rows (copies of the forward rows) and as updates, back to MariaDB by
 * reverse replication (Debezium's PostgreSQL capture, the MariaDB target dialect). Each value that returns reads as
 * exactly the value it left as: the copies on MariaDB equal their originals column by column, and the whole table
 * equals on both sides. The servers and this JVM run in America/New_York.
 */
class TypeMatrixRoundTripIT {

    private record Col(String name, String type, List<String> sql) {
    }

    private static Col col(String name, String type, String... values) {
        return new Col(name, type, List.of(values));
    }

    private static final String NINES = "99999999999999999999999999999999999.999999999999999999999999999999";

    private static final List<Col> MATRIX = List.of(
            col("ti", "TINYINT", "-128", "127", "1"),
            col("tiu", "TINYINT UNSIGNED", "0", "255", "1"),
            col("siu", "SMALLINT UNSIGNED", "0", "65535", "1"),
            col("miu", "MEDIUMINT UNSIGNED", "0", "16777215", "1"),
            col("iu", "INT UNSIGNED", "0", "4294967295", "1"),
            col("bi", "BIGINT", "-9223372036854775808", "9223372036854775807", "1"),
            col("biu", "BIGINT UNSIGNED", "0", "18446744073709551615", "1"),
            col("b", "TINYINT(1)", "0", "1", "1"),
            col("d", "DECIMAL(65,30)", "'-" + NINES + "'", "'" + NINES + "'", "'1.500'"),
            col("dbl", "DOUBLE", "-1.7976931348623157E308", "1.7976931348623157E308", "-0e0"),
            col("fl", "FLOAT", "-3.4e38", "3.4e38", "0.1"),
            col("fl7", "FLOAT", "152.57142857", "16777217", "-1.17549435e-38"),
            col("y", "YEAR", "1901", "2155", "2024"),
            col("c", "CHAR(5)", "''", "'abcde'", "'ab'"),
            col("vc", "VARCHAR(100)", "''", "'max'", "'caf\u00e9 \ud83d\ude00 \u4e2d\u6587'"),
            col("t", "TEXT", "''", "'x'", "'o''brien; DROP'"),
            col("lt", "LONGTEXT", "''", "'y'", "REPEAT('long ', 20000)"),
            col("bin", "BINARY(4)", "x'00000000'", "x'FFFFFFFF'", "x'0a0b0c0d'"),
            col("vb", "VARBINARY(20)", "x''", "x'00FF00'", "x'00'"),
            col("bl", "LONGBLOB", "x''", "x'0001'", "REPEAT(x'00ff', 40000)"),
            col("b1", "BIT(1)", "b'0'", "b'1'", "b'0'"),
            col("b12", "BIT(12)", "b'000000000000'", "b'111111111111'", "b'000000000101'"),
            col("dt", "DATE", "'1000-01-01'", "'9999-12-31'", "'2024-02-29'"),
            col("dtt0", "DATETIME", "'1000-01-01 00:00:00'", "'9999-12-31 23:59:59'", "'2024-03-10 02:30:00'"),
            col("dtt6", "DATETIME(6)", "'1000-01-01 00:00:00.000000'", "'9999-12-31 23:59:59.999999'", "'2024-11-03 01:30:00.000001'"),
            col("ts0", "TIMESTAMP NULL", "'1970-01-01 00:00:01'", "'2038-01-18 22:14:07'", "'2024-11-03 01:30:00'"),
            col("ts6", "TIMESTAMP(6) NULL", "'1970-01-01 00:00:01.000001'", "'2038-01-18 22:14:07.999999'", "'2024-11-03 01:59:59.999999'"),
            col("tm", "TIME(6)", "'-838:59:59.000000'", "'838:59:59.000000'", "'-00:00:00.000001'"),
            col("tm0", "TIME", "'00:00:00'", "'23:59:59'", "'100:00:00'"),
            col("j", "JSON", "'{}'", "'{\"big\": 12345678901234567890123, \"d\": 1.50, \"u\": \"\u00e9\"}'", "'[1, \"\u00e9\", null, {\"b\": 2, \"a\": 1}]'"),
            col("e", "ENUM('a b','it''s','c')", "'a b'", "'c'", "'it''s'"),
            col("s", "SET('x','y','z')", "''", "'z,x'", "'y,x,z'"),
            col("dfs", "VARCHAR(10) DEFAULT 'dflt'", "NULL", "''", "'x'"));

    private static final int ROWS = 3;

    @Test
    void everyValueOfTheTypeMatrixReturnsExactlyFromPostgreSqlToMariaDb() throws Exception {
        PipelineFixture f = new PipelineFixture("type_roundtrip", "stop", 100, 100, "cutover: {reverse: {enabled: true}}\n");
        String columns = MATRIX.stream().map(c -> c.name() + " " + c.type()).collect(Collectors.joining(", "));
        String names = MATRIX.stream().map(Col::name).collect(Collectors.joining(", "));
        List<String> rows = new ArrayList<>();
        rows.add("CREATE TABLE matrix (id INT PRIMARY KEY, " + columns + ")");
        for (int r = 0; r < ROWS; r++) {
            int row = r;
            rows.add("INSERT INTO matrix VALUES (" + (r + 1) + ", " + MATRIX.stream().map(c -> c.sql().get(row)).collect(Collectors.joining(", ")) + ")");
        }
        rows.add("INSERT INTO matrix VALUES (" + (ROWS + 1) + ", " + String.join(", ", Collections.nCopies(MATRIX.size(), "NULL")) + ")");
        f.sourceSql(rows.toArray(String[]::new));
        try (Connection root = f.sandbox.mariadb().connect(""); Statement s = root.createStatement()) {
            s.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON " + f.name + ".* TO 'ferry'@'%'");
            s.execute("GRANT ALL ON ferry.* TO 'ferry'@'%'");
        }
        try (Connection c = f.source(); Connection pg = f.target()) {
            SchemaPlan plan = new SchemaPlanner(new TypeMapper(f.config.types())).plan(MySqlCatalogReader.read(c, f.name), "app");
            SchemaApplier.applyBeforeCopy(pg, plan);
        }
        try (LocalPipeline forward = f.startInProcess()) {
            Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> forward.capture().stats().streaming());
            forward.awaitCaughtUp(Duration.ofSeconds(90));
            assertThat(forward.failure()).isNull();
        }
        assertThat(f.differences("matrix", List.of("id"))).as("forward").isEmpty();

        try (ReverseReplication reverse = new ReverseReplication(f.config)) {
            assertThat(reverse.problems()).isEmpty();
            reverse.prepare();
            reverse.start();
            Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> reverse.streaming() || reverse.failure() != null);
            assertThat(reverse.failure()).isNull();

            f.targetSql(
                    // New rows on PostgreSQL holding the forward rows' values, inserted as another row's and updated to their own.
                    "INSERT INTO app.matrix SELECT id + 100, " + names + " FROM app.matrix WHERE id <= " + (ROWS + 1),
                    "UPDATE app.matrix m SET " + MATRIX.stream().map(c -> c.name() + " = v." + c.name()).collect(Collectors.joining(", "))
                            + " FROM app.matrix v WHERE m.id > 100 AND v.id = (m.id - 100) % " + (ROWS + 1) + " + 1",
                    "UPDATE app.matrix m SET " + MATRIX.stream().map(c -> c.name() + " = v." + c.name()).collect(Collectors.joining(", "))
                            + " FROM app.matrix v WHERE m.id > 100 AND v.id = m.id - 100",
                    // Every forward row written again with its own values.
                    "UPDATE app.matrix SET " + MATRIX.stream().map(c -> c.name() + " = " + c.name()).collect(Collectors.joining(", "))
                            + " WHERE id <= " + (ROWS + 1));
            reverse.pipeline().awaitCaughtUp(Duration.ofSeconds(90));
            assertThat(reverse.failure()).isNull();
        }

        assertThat(f.differences("matrix", List.of("id"))).as("PostgreSQL against MariaDB after the way back").isEmpty();
        try (Connection maria = f.source(); Connection pg = f.target()) {
            Map<String, LogicalType> cols = TableChecksummer.postgresColumns(pg, TableId.of("app", "matrix"));
            var back = TableRows.read(maria, Engine.MYSQL, TableId.of(f.name, "matrix"), cols, List.of("id"), f.config.types());
            assertThat(back).hasSize(2 * (ROWS + 1));
            for (int r = 1; r <= ROWS + 1; r++) {
                List<String> original = back.get(List.of(Integer.toString(r)));
                List<String> returned = back.get(List.of(Integer.toString(100 + r)));
                assertThat(returned).as("row %d came back", 100 + r).isNotNull();
                for (int i = 1; i < original.size(); i++) {
                    assertThat(returned.get(i)).as("%s of row %d", MATRIX.get(i - 1).name() + " " + MATRIX.get(i - 1).type(), r)
                            .isEqualTo(original.get(i));
                }
            }
        }
    }
}
