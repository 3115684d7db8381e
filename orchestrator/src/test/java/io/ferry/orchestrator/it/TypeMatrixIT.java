package io.ferry.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.core.schema.TableId;
import io.ferry.core.schema.TargetNames;
import io.ferry.core.value.LogicalType;
import io.ferry.core.value.jdbc.Engine;
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
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The type matrix of issue 3: every MySQL/MariaDB type with edge values, each row moved once by
 * the snapshot and once by the stream (inserted after capture started as another row's values,
 * then updated to its own), then read in PostgreSQL value by value against the expected canonical
 * form. The servers and this JVM run in America/New_York, so TIMESTAMP literals are local times
 * there and DATETIME values must not move.
 */
class TypeMatrixIT {

    /** One column of the matrix: its type, three values as SQL literals, and what each must read as in PostgreSQL. */
    private record Col(String name, String type, List<String> sql, List<String> expected) {
    }

    private static Col col(String name, String type, String v1, String v2, String v3, String e1, String e2, String e3) {
        return new Col(name, type, List.of(v1, v2, v3), java.util.Arrays.asList(e1, e2, e3));
    }

    private static final String NINES = "99999999999999999999999999999999999.999999999999999999999999999999";
    private static final String UNICODE = "caf\u00e9 \ud83d\ude00 \u4e2d\u6587 \u05e9\u05dc\u05d5\u05dd";

    private static final List<Col> MATRIX = List.of(
            col("ti", "TINYINT", "-128", "127", "1", "-128", "127", "1"),
            col("tiu", "TINYINT UNSIGNED", "0", "255", "1", "0", "255", "1"),
            col("si", "SMALLINT", "-32768", "32767", "1", "-32768", "32767", "1"),
            col("siu", "SMALLINT UNSIGNED", "0", "65535", "1", "0", "65535", "1"),
            col("mi", "MEDIUMINT", "-8388608", "8388607", "1", "-8388608", "8388607", "1"),
            col("miu", "MEDIUMINT UNSIGNED", "0", "16777215", "1", "0", "16777215", "1"),
            col("i", "INT", "-2147483648", "2147483647", "1", "-2147483648", "2147483647", "1"),
            col("iu", "INT UNSIGNED", "0", "4294967295", "1", "0", "4294967295", "1"),
            col("bi", "BIGINT", "-9223372036854775808", "9223372036854775807", "1", "-9223372036854775808", "9223372036854775807", "1"),
            col("biu", "BIGINT UNSIGNED", "0", "18446744073709551615", "1", "0", "18446744073709551615", "1"),
            col("b", "TINYINT(1)", "0", "1", "1", "false", "true", "true"),
            col("d", "DECIMAL(65,30)", "'-" + NINES + "'", "'" + NINES + "'", "'1.500'", "-" + NINES, NINES, "1.5"),
            col("d2", "DECIMAL(10,2)", "-99999999.99", "99999999.99", "0.10", "-99999999.99", "99999999.99", "0.1"),
            // MariaDB keeps no negative zero (SELECT -0e0 gives 0), so -0.0 must arrive as 0, the value the source holds.
            col("dbl", "DOUBLE", "-1.7976931348623157E308", "1.7976931348623157E308", "-0e0",
                    "-1.7976931348623157E+308", "1.7976931348623157E+308", "0"),
            col("fl", "FLOAT", "-3.4e38", "3.4e38", "0.1", "-3.4E+38", "3.4E+38", "0.1"),
            // More digits than MariaDB's text protocol prints for a FLOAT (six): the snapshot must not round them.
            col("fl7", "FLOAT", "152.57142857", "16777217", "-1.17549435e-38", "152.57143", "16777216", "-1.17549435E-38"),
            col("y", "YEAR", "1901", "2155", "2024", "1901", "2155", "2024"),
            col("c", "CHAR(5)", "''", "'abcde'", "'ab'", "", "abcde", "ab"),
            col("vc", "VARCHAR(100)", "''", "'max'", "'" + UNICODE + "'", "", "max", UNICODE),
            col("t", "TEXT", "''", "'x'", "'o''brien; DROP'", "", "x", "o'brien; DROP"),
            col("lt", "LONGTEXT", "''", "'y'", "REPEAT('long ', 20000)", "", "y", "long ".repeat(20000)),
            col("bin", "BINARY(4)", "x'00000000'", "x'FFFFFFFF'", "x'0a0b0c0d'", "AAAAAA==", "/////w==", "CgsMDQ=="),
            col("vb", "VARBINARY(20)", "x''", "x'00FF00'", "x'00'", "", "AP8A", "AA=="),
            col("bl", "LONGBLOB", "x''", "x'0001'", "REPEAT(x'00ff', 40000)", "", "AAE=", base64Repeat(new byte[] {0, (byte) 0xff}, 40000)),
            col("b1", "BIT(1)", "b'0'", "b'1'", "b'0'", "false", "true", "false"),
            col("b12", "BIT(12)", "b'000000000000'", "b'111111111111'", "b'000000000101'", "0", "111111111111", "101"),
            col("dt", "DATE", "'1000-01-01'", "'9999-12-31'", "'2024-02-29'", "1000-01-01", "9999-12-31", "2024-02-29"),
            col("dtt0", "DATETIME", "'1000-01-01 00:00:00'", "'9999-12-31 23:59:59'", "'2024-03-10 02:30:00'",
                    "1000-01-01 00:00:00", "9999-12-31 23:59:59", "2024-03-10 02:30:00"),
            col("dt1", "DATETIME(1)", "'1000-01-01 00:00:00.1'", "'9999-12-31 23:59:59.9'", "'2024-03-10 02:30:00.1'",
                    "1000-01-01 00:00:00.1", "9999-12-31 23:59:59.9", "2024-03-10 02:30:00.1"),
            col("dt2", "DATETIME(2)", "'1000-01-01 00:00:00.01'", "'9999-12-31 23:59:59.99'", "'2024-03-10 02:30:00.12'",
                    "1000-01-01 00:00:00.01", "9999-12-31 23:59:59.99", "2024-03-10 02:30:00.12"),
            col("dt3", "DATETIME(3)", "'1000-01-01 00:00:00.001'", "'9999-12-31 23:59:59.999'", "'2024-03-10 02:30:00.120'",
                    "1000-01-01 00:00:00.001", "9999-12-31 23:59:59.999", "2024-03-10 02:30:00.12"),
            col("dt4", "DATETIME(4)", "'1000-01-01 00:00:00.0001'", "'9999-12-31 23:59:59.9999'", "'2024-03-10 02:30:00.1234'",
                    "1000-01-01 00:00:00.0001", "9999-12-31 23:59:59.9999", "2024-03-10 02:30:00.1234"),
            col("dt5", "DATETIME(5)", "'1000-01-01 00:00:00.00001'", "'9999-12-31 23:59:59.99999'", "'2024-03-10 02:30:00.12345'",
                    "1000-01-01 00:00:00.00001", "9999-12-31 23:59:59.99999", "2024-03-10 02:30:00.12345"),
            col("dtt6", "DATETIME(6)", "'1000-01-01 00:00:00.000000'", "'9999-12-31 23:59:59.999999'", "'2024-11-03 01:30:00.000001'",
                    "1000-01-01 00:00:00", "9999-12-31 23:59:59.999999", "2024-11-03 01:30:00.000001"),
            // TIMESTAMP literals are New York local time; 01:30 on 2024-11-03 happens twice there and MariaDB takes the second (EST, UTC-5).
            col("ts0", "TIMESTAMP NULL", "'1970-01-01 00:00:01'", "'2038-01-18 22:14:07'", "'2024-11-03 01:30:00'",
                    "1970-01-01 05:00:01Z", "2038-01-19 03:14:07Z", "2024-11-03 06:30:00Z"),
            col("ts3", "TIMESTAMP(3) NULL", "'1970-01-01 00:00:01.000'", "'2038-01-18 22:14:07.999'", "'2024-03-10 03:30:00.123'",
                    "1970-01-01 05:00:01Z", "2038-01-19 03:14:07.999Z", "2024-03-10 07:30:00.123Z"),
            col("ts6", "TIMESTAMP(6) NULL", "'1970-01-01 00:00:01.000001'", "'2038-01-18 22:14:07.999999'", "'2024-11-03 01:59:59.999999'",
                    "1970-01-01 05:00:01.000001Z", "2038-01-19 03:14:07.999999Z", "2024-11-03 06:59:59.999999Z"),
            col("tm", "TIME(6)", "'-838:59:59.000000'", "'838:59:59.000000'", "'-00:00:00.000001'", "-838:59:59", "838:59:59", "-00:00:00.000001"),
            col("tm0", "TIME", "'00:00:00'", "'23:59:59'", "'100:00:00'", "00:00:00", "23:59:59", "100:00:00"),
            col("j", "JSON", "'{}'", "'{\"big\": 12345678901234567890123, \"d\": 1.50, \"u\": \"\u00e9\u4e2d\ud83d\ude00\"}'",
                    "'[1, \"\u00e9\", null, {\"b\": 2, \"a\": 1}]'",
                    "{}", "{\"big\":12345678901234567890123,\"d\":1.50,\"u\":\"\u00e9\u4e2d\ud83d\ude00\"}", "[1,\"\u00e9\",null,{\"a\":1,\"b\":2}]"),
            col("e", "ENUM('a b','it''s','c')", "'a b'", "'c'", "'it''s'", "a b", "c", "it's"),
            col("s", "SET('x','y','z')", "''", "'z,x'", "'y,x,z'", "", "x,z", "x,y,z"),
            // A NULL in a column with a DEFAULT stays NULL (Kafka Connect's Struct.get would give the default).
            col("dfs", "VARCHAR(10) DEFAULT 'dflt'", "NULL", "''", "'x'", null, "", "x"),
            col("dfi", "INT DEFAULT 42", "NULL", "0", "42", null, "0", "42"),
            col("dfd", "DATETIME DEFAULT '2000-01-01 00:00:00'", "NULL", "'2000-01-01 00:00:00'", "'2024-01-01 10:00:00'",
                    null, "2000-01-01 00:00:00", "2024-01-01 10:00:00"));

    private static final int ROWS = 3;
    /** 64 characters, MySQL's limit, one byte beyond PostgreSQL's. */
    private static final String LONG_TABLE = "a_table_whose_name_is_sixty_four_characters_long_which_pg_cuts__";
    private static final String LONG_COLUMN = "a_column_whose_name_is_sixty_four_characters_long_which_pg_cuts_";

    /**
     * Both full-load paths against the same expected values: Ferry's bulk load ({@code COPY}, the default) and
     * Debezium's snapshot through Kafka and the applier; the stream's rows are the same in both runs.
     */
    @ParameterizedTest(name = "full load by {0}")
    @ValueSource(strings = {"bulk", "initial"})
    void everyTypeReadsAsItsExpectedCanonicalFormWhetherItCameByTheSnapshotOrByTheStream(String snapshotMode) throws Exception {
        PipelineFixture f = new PipelineFixture("type_matrix_" + snapshotMode, "stop", 100, 100, "", "snapshotMode: " + snapshotMode);
        String columns = MATRIX.stream().map(c -> c.name() + " " + c.type()).collect(Collectors.joining(", "));
        String names = MATRIX.stream().map(Col::name).collect(Collectors.joining(", "));
        f.sourceSql("CREATE TABLE matrix (id INT PRIMARY KEY, " + columns + ")",
                // The values to copy from in the stream phase; captured and carried like any table.
                "CREATE TABLE matrix_values (id INT PRIMARY KEY, " + columns + ")",
                "CREATE TABLE `Order Details` (`user` VARCHAR(20) NOT NULL, `group` INT NOT NULL, `Select` VARCHAR(10),"
                        + " `from` DECIMAL(5,2), qty INT, price DECIMAL(8,2), total DECIMAL(12,2) AS (qty * price) STORED,"
                        + " shout VARCHAR(10) AS (UPPER(`Select`)) STORED, PRIMARY KEY (`user`, `group`))",
                "CREATE TABLE `" + LONG_TABLE + "` (id INT PRIMARY KEY, `" + LONG_COLUMN + "` VARCHAR(10))",
                // Foreign keys, single and composite, with actions, and one to its own table: planned for after the drain.
                "CREATE TABLE fk_parent (id INT PRIMARY KEY, code VARCHAR(10) NOT NULL, UNIQUE KEY uq_code (code))",
                "CREATE TABLE fk_pair (a INT NOT NULL, b VARCHAR(5) NOT NULL, PRIMARY KEY (a, b))",
                "CREATE TABLE fk_child (id INT PRIMARY KEY, parent_id INT, pa INT, pb VARCHAR(5), code VARCHAR(10), boss INT,"
                        + " CONSTRAINT fk_child_parent FOREIGN KEY (parent_id) REFERENCES fk_parent (id) ON DELETE CASCADE ON UPDATE CASCADE,"
                        + " CONSTRAINT fk_child_pair FOREIGN KEY (pa, pb) REFERENCES fk_pair (a, b) ON DELETE SET NULL ON UPDATE NO ACTION,"
                        + " CONSTRAINT fk_child_code FOREIGN KEY (code) REFERENCES fk_parent (code),"
                        + " CONSTRAINT fk_child_boss FOREIGN KEY (boss) REFERENCES fk_child (id) ON DELETE SET NULL)");
        List<String> snapshot = new ArrayList<>();
        for (int r = 0; r < ROWS; r++) {
            int row = r;
            String values = MATRIX.stream().map(c -> c.sql().get(row)).collect(Collectors.joining(", "));
            snapshot.add("INSERT INTO matrix VALUES (" + (r + 1) + ", " + values + ")");
            snapshot.add("INSERT INTO matrix_values VALUES (" + (r + 1) + ", " + values + ")");
        }
        String nulls = String.join(", ", Collections.nCopies(MATRIX.size(), "NULL"));
        snapshot.add("INSERT INTO matrix VALUES (" + (ROWS + 1) + ", " + nulls + ")");
        snapshot.add("INSERT INTO matrix_values VALUES (" + (ROWS + 1) + ", " + nulls + ")");
        snapshot.add("INSERT INTO `Order Details` (`user`, `group`, `Select`, `from`, qty, price) VALUES"
                + " ('alice', 1, 'one', 1.50, 3, 2.25), ('alice', 2, NULL, NULL, NULL, 9.99), ('Bob \u00e9', 1, 'x', -1, 0, 0)");
        snapshot.add("INSERT INTO `" + LONG_TABLE + "` VALUES (1, 'snap')");
        snapshot.add("INSERT INTO fk_parent VALUES (1, 'p1'), (2, 'p2')");
        snapshot.add("INSERT INTO fk_pair VALUES (1, 'x'), (2, 'y')");
        snapshot.add("INSERT INTO fk_child VALUES (1, 1, 1, 'x', 'p1', NULL), (2, 2, NULL, NULL, NULL, 1)");
        f.sourceSql(snapshot.toArray(String[]::new));

        SchemaPlan plan;
        try (Connection c = f.source(); Connection pg = f.target()) {
            plan = new SchemaPlanner(new TypeMapper(f.config.types())).plan(MySqlCatalogReader.read(c, f.name), "app");
            SchemaApplier.applyBeforeCopy(pg, plan);
        }
        String planSql = plan.toSql().replace(f.name + ".", "type_matrix.");
        assertThat(planSql).as("the plan against the reviewed file src/test/resources/type-matrix.plan.sql")
                .isEqualTo(reviewedPlan(planSql));

        try (LocalPipeline pipeline = f.startInProcess()) {
            int snapshotRows = 2 * (ROWS + 1) + 3 + 1 + 6;
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> pipeline.capture().stats().streaming()
                    || pipeline.capture().stats().snapshotRows().values().stream().mapToLong(Long::longValue).sum() >= snapshotRows);
            List<String> stream = new ArrayList<>();
            for (int r = 1; r <= ROWS + 1; r++) {
                int other = r % (ROWS + 1) + 1;
                stream.add("INSERT INTO matrix SELECT " + (100 + r) + ", " + names + " FROM matrix_values WHERE id = " + other);
                stream.add("UPDATE matrix m JOIN matrix_values v ON v.id = " + r + " SET "
                        + MATRIX.stream().map(c -> "m." + c.name() + " = v." + c.name()).collect(Collectors.joining(", "))
                        + " WHERE m.id = " + (100 + r));
            }
            stream.add("INSERT INTO `Order Details` (`user`, `group`, `Select`, `from`, qty, price) VALUES ('carol', 7, 'a', 0, 1, 1)");
            stream.add("UPDATE `Order Details` SET `Select` = 'seven', `from` = 999.99, qty = 4, price = 2.5 WHERE `user` = 'carol'");
            stream.add("UPDATE `Order Details` SET qty = qty + 1 WHERE `user` = 'alice' AND `group` = 1");
            stream.add("INSERT INTO `" + LONG_TABLE + "` VALUES (2, 'new')");
            stream.add("UPDATE `" + LONG_TABLE + "` SET `" + LONG_COLUMN + "` = 'streamed' WHERE id = 2");
            stream.add("INSERT INTO fk_parent VALUES (3, 'p3')");
            stream.add("INSERT INTO fk_child VALUES (3, 3, 2, 'y', 'p3', 2), (4, NULL, NULL, NULL, NULL, 3)");
            stream.add("UPDATE fk_child SET boss = 4 WHERE id = 1");
            f.sourceSql(stream.toArray(String[]::new));
            pipeline.awaitCaughtUp(Duration.ofSeconds(60));
            assertThat(pipeline.failure()).isNull();
        }

        assertThat(f.differences("matrix", List.of("id"))).as("target against source").isEmpty();
        ValidationReport validation = f.validate(ValidationOptions.DEFAULTS.withSegmentRows(3), "matrix", "matrix_values", "Order Details", LONG_TABLE);
        assertThat(validation.hasDifferences()).as("the segmented validator finds no difference: %s", validation.text()).isFalse();
        assertThat(validation.tables()).allSatisfy(t -> assertThat(t.sourceRows()).isPositive());
        assertThat(f.differences("Order Details", List.of("user", "group"))).as("awkward identifiers, composite string key").isEmpty();
        try (Connection pg = f.target()) {
            Map<String, LogicalType> cols = TableChecksummer.postgresColumns(pg, TableId.of("app", "matrix"));
            assertThat(new ArrayList<>(cols.keySet()).subList(1, cols.size())).isEqualTo(MATRIX.stream().map(Col::name).toList());
            var rows = TableRows.read(pg, Engine.POSTGRESQL, TableId.of("app", "matrix"), cols, List.of("id"));
            for (int r = 0; r <= ROWS; r++) {
                for (int id : new int[] {r + 1, 101 + r}) {
                    List<String> actual = rows.get(List.of(Integer.toString(id)));
                    assertThat(actual).as("row %d", id).isNotNull();
                    for (int i = 0; i < MATRIX.size(); i++) {
                        Col c = MATRIX.get(i);
                        String expected = r < ROWS ? c.expected().get(r) : null;
                        assertThat(actual.get(i + 1)).as("%s %s of row %d (%s)", c.name(), c.type(), id,
                                id > 100 ? "stream" : "snapshot").isEqualTo(expected);
                    }
                }
            }
            var details = TableRows.read(pg, Engine.POSTGRESQL, TableId.of("app", "Order Details"),
                    TableChecksummer.postgresColumns(pg, TableId.of("app", "Order Details")), List.of("user", "group"));
            assertThat(details.get(List.of("carol", "7"))).containsExactly("carol", "7", "seven", "999.99", "4", "2.5", "10", "SEVEN");
            assertThat(details.get(List.of("alice", "1"))).containsExactly("alice", "1", "one", "1.5", "4", "2.25", "9", "ONE");
            assertThat(details.get(List.of("Bob \u00e9", "1"))).containsExactly("Bob \u00e9", "1", "x", "-1", "0", "0", "0", "X");
            // Names beyond 63 bytes are shortened alike by the plan and by the applier.
            TableId longTable = TableId.of("app", TargetNames.shorten(LONG_TABLE));
            var longRows = TableRows.read(pg, Engine.POSTGRESQL, longTable, TableChecksummer.postgresColumns(pg, longTable), List.of("id"));
            assertThat(TableChecksummer.postgresColumns(pg, longTable)).containsOnlyKeys("id", TargetNames.shorten(LONG_COLUMN));
            assertThat(longRows.get(List.of("1"))).containsExactly("1", "snap");
            assertThat(longRows.get(List.of("2"))).containsExactly("2", "streamed");
        }
        assertThat(f.differences("fk_child", List.of("id"))).isEmpty();
        try (Connection pg = f.target()) {
            SchemaApplier.applyAfterDrain(pg, plan);
            SchemaApplier.applyAfterDrain(pg, plan);
            try (java.sql.Statement s = pg.createStatement();
                 java.sql.ResultSet rs = s.executeQuery("SELECT string_agg(conname || '=' || convalidated, ',' ORDER BY conname)"
                         + " FROM pg_constraint WHERE contype = 'f' AND connamespace = 'app'::regnamespace")) {
                rs.next();
                assertThat(rs.getString(1)).as("every foreign key created once and validated")
                        .isEqualTo("fk_child_boss=true,fk_child_code=true,fk_child_pair=true,fk_child_parent=true");
            }
        }
    }

    private static String base64Repeat(byte[] unit, int times) {
        byte[] all = new byte[unit.length * times];
        IntStream.range(0, times).forEach(i -> System.arraycopy(unit, 0, all, i * unit.length, unit.length));
        return Base64.getEncoder().encodeToString(all);
    }

    /**
     * The reviewed plan. With {@code -Dferry.plan.write=true} the test writes the current plan there instead of
     * failing, for a reviewer to read and commit.
     */
    private static String reviewedPlan(String current) throws IOException {
        if (Boolean.getBoolean("ferry.plan.write")) {
            Files.writeString(Path.of("src/test/resources/type-matrix.plan.sql"), current);
            return current;
        }
        try (InputStream in = TypeMatrixIT.class.getResourceAsStream("/type-matrix.plan.sql")) {
            return in == null ? "(missing src/test/resources/type-matrix.plan.sql)" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
