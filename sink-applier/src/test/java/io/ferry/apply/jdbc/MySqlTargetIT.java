package io.ferry.apply.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.apply.ApplierStats;
import io.ferry.apply.ApplyBatch;
import io.ferry.apply.DeadLetter;
import io.ferry.apply.PartitionKey;
import io.ferry.apply.PartitionMembership;
import io.ferry.apply.PartitionMovedException;
import io.ferry.apply.Progress;
import io.ferry.apply.dialect.MySqlTargetDialect;
import io.ferry.apply.dialect.TargetDialect;
import io.ferry.apply.dialect.TargetTable;
import io.ferry.core.config.ErrorPolicy;
import io.ferry.core.config.RetryConfig;
import io.ferry.core.config.Secret;
import io.ferry.core.config.TargetConfig;
import io.ferry.core.config.TargetKind;
import io.ferry.core.event.ChangeEvent;
import io.ferry.core.event.Op;
import io.ferry.core.event.PgLsn;
import io.ferry.core.retry.LoggedOutages;
import io.ferry.core.retry.RetryPolicy;
import io.ferry.core.schema.TableId;
import io.ferry.core.value.LogicalType;
import io.ferry.core.value.jdbc.CanonicalReader;
import io.ferry.core.value.jdbc.Engine;
import io.ferry.sandbox.Sandbox;
import io.ferry.sandbox.SandboxOptions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The MySQL/MariaDB target of reverse replication against a sandbox MariaDB, through the applier's own
 * {@link BatchWriter} with {@link MySqlTargetDialect}: canonical values of the type matrix as PostgreSQL capture
 * delivers them (booleans, Debezium's ISO 8601 intervals, UTC instants, base64, bit digits) are written into the
 * source's own column types and read back, by the validator's reader, as exactly the canonical values the forward path
 * produced from them. Then upserts, deletes and a key change by a composite key, values MySQL cannot hold parked with
 * their reason, the refusal of a table with a secondary unique index, and the applied-offset fence in the {@code ferry}
 * database.
 */
class MySqlTargetIT {

    private static final String DB = "reverse_target";
    private static final TargetDialect DIALECT = MySqlTargetDialect.MARIADB;
    private static final String TOPIC = "ferry_reverse.app.t";
    private static Sandbox sandbox;
    private static long offset;

    private record Col(String name, String type, LogicalType read, List<String> captured, List<String> expected) {
    }

    private static Col col(String name, String type, LogicalType read, String... values) {
        List<String> v = Arrays.asList(values);
        return new Col(name, type, read, v, v);
    }

    private static Col col(String name, String type, LogicalType read, List<String> captured, List<String> expected) {
        return new Col(name, type, read, captured, expected);
    }

    private static final String NINES = "99999999999999999999999999999999999.999999999999999999999999999999";

    private static final List<Col> MATRIX = List.of(
            col("ti", "TINYINT", LogicalType.INTEGER, "-128", "127", "1"),
            col("tiu", "TINYINT UNSIGNED", LogicalType.INTEGER, "0", "255", "1"),
            col("siu", "SMALLINT UNSIGNED", LogicalType.INTEGER, "0", "65535", "1"),
            col("miu", "MEDIUMINT UNSIGNED", LogicalType.INTEGER, "0", "16777215", "1"),
            col("iu", "INT UNSIGNED", LogicalType.INTEGER, "0", "4294967295", "1"),
            col("bi", "BIGINT", LogicalType.INTEGER, "-9223372036854775808", "9223372036854775807", "1"),
            col("biu", "BIGINT UNSIGNED", LogicalType.INTEGER, "0", "18446744073709551615", "9007199254740993"),
            col("b", "TINYINT(1)", LogicalType.BOOLEAN, "false", "true", "true"),
            col("d", "DECIMAL(65,30)", LogicalType.DECIMAL, "-" + NINES, NINES, "1.5"),
            col("dbl", "DOUBLE", LogicalType.FLOAT, "-1.7976931348623157E+308", "1.7976931348623157E+308", "0"),
            col("fl", "FLOAT", LogicalType.FLOAT4, "-3.4E+38", "3.4028235E+38", "0.1"),
            col("fl7", "FLOAT", LogicalType.FLOAT4, "152.57143", "16777216", "-1.17549435E-38"),
            col("y", "YEAR", LogicalType.INTEGER, "1901", "2155", "2024"),
            col("c", "CHAR(5)", LogicalType.STRING, "", "abcde", "ab"),
            col("vc", "VARCHAR(100)", LogicalType.STRING, "", "o'brien; DROP", "caf\u00e9 \ud83d\ude00 \u4e2d\u6587"),
            col("bin", "BINARY(4)", LogicalType.BINARY, "AAAAAA==", "/////w==", "CgsMDQ=="),
            col("vb", "VARBINARY(20)", LogicalType.BINARY, "", "AP8A", "AA=="),
            col("bl", "LONGBLOB", LogicalType.BINARY, "", "AAE=", "AP8A/w=="),
            col("b1", "BIT(1)", LogicalType.BOOLEAN, "false", "true", "false"),
            col("b12", "BIT(12)", LogicalType.BITS, "0", "111111111111", "101"),
            col("b64", "BIT(64)", LogicalType.BITS, "0", "1".repeat(64), "1" + "0".repeat(63)),
            col("dt", "DATE", LogicalType.DATE, "1000-01-01", "9999-12-31", "2024-02-29"),
            col("dtt6", "DATETIME(6)", LogicalType.DATETIME, "1000-01-01 00:00:00", "9999-12-31 23:59:59.999999", "2024-11-03 01:30:00.000001"),
            col("ts0", "TIMESTAMP NULL", LogicalType.TIMESTAMP, "1970-01-01 00:00:01Z", "2038-01-19 03:14:07Z", "2024-11-03 06:30:00Z"),
            col("ts6", "TIMESTAMP(6) NULL", LogicalType.TIMESTAMP, "1970-01-01 00:00:01.000001Z", "2038-01-19 03:14:07.999999Z", "2024-11-03 06:59:59.999999Z"),
            col("tm", "TIME(6)", LogicalType.TIME,
                    List.of("P0Y0M0DT-838H-59M-59S", "P0Y0M0DT838H59M59S", "P0Y0M0DT0H0M-0.000001S"),
                    List.of("-838:59:59", "838:59:59", "-00:00:00.000001")),
            col("tm0", "TIME", LogicalType.TIME,
                    List.of("P0Y0M0DT0H0M0S", "P0Y0M0DT23H59M59S", "P0Y0M4DT4H0M0S"),
                    List.of("00:00:00", "23:59:59", "100:00:00")),
            col("j", "JSON", LogicalType.JSON, "{}", "{\"big\":12345678901234567890123,\"d\":1.50,\"u\":\"\u00e9\"}", "[1,\"\u00e9\",null,{\"a\":1,\"b\":2}]"),
            col("e", "ENUM('a b','it''s','c')", LogicalType.ENUM, "a b", "c", "it's"),
            col("s", "SET('x','y','z')", LogicalType.SET, "", "x,z", "x,y,z"),
            col("dfs", "VARCHAR(10) DEFAULT 'dflt'", LogicalType.STRING, null, "", "x"));

    @BeforeAll
    static void start() throws SQLException {
        sandbox = Sandbox.start(SandboxOptions.defaults().withKafka(false).withPostgres(false));
        try (Connection c = sandbox.mariadb().connect(""); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + DB + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
            s.execute("CREATE TABLE " + DB + ".matrix (id INT PRIMARY KEY, "
                    + MATRIX.stream().map(m -> m.name() + " " + m.type()).collect(Collectors.joining(", ")) + ")");
            s.execute("CREATE TABLE " + DB + ".lines (order_id BIGINT UNSIGNED NOT NULL, line_no INT NOT NULL, qty INT, "
                    + "total INT AS (qty * 2) STORED, PRIMARY KEY (order_id, line_no))");
            s.execute("CREATE TABLE " + DB + ".customers (id INT PRIMARY KEY, email VARCHAR(100), UNIQUE KEY uq_email (email))");
        }
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private static TargetConfig target() {
        return new TargetConfig(TargetKind.MARIADB, sandbox.mariadb().host(), sandbox.mariadb().port(), DB,
                sandbox.mariadb().rootUser(), Secret.EMPTY, DB);
    }

    /** A connection as the applier opens it (UTC session, affected rows). */
    private static Connection connect() throws SQLException {
        return TargetConnections.open(target(), "mysql-target-it");
    }

    /** The applier's writer against the MariaDB target, parking rejected changes in {@code parked}. */
    private static BatchWriter writer(String applier, List<DeadLetter> parked) throws SQLException {
        AppliedOffsetStore offsets = new AppliedOffsetStore(DIALECT, applier);
        try (Connection c = connect()) {
            offsets.ensureSchema(c);
        }
        PartitionMembership membership = new PartitionMembership() {
            @Override
            public int partitionCount(String topic) {
                return 1;
            }

            @Override
            public boolean belongs(PartitionKey partition, byte[] keyBytes) {
                return true;
            }
        };
        RetryPolicy retry = new RetryPolicy(new RetryConfig(100, 100, 1000), new TargetErrors(DIALECT),
                new LoggedOutages(MySqlTargetIT.class, "mysql target it"));
        return new BatchWriter(MySqlTargetIT::connect, new TargetCatalog(DIALECT, DB), offsets, parked::addAll, ErrorPolicy.DLQ,
                new ApplierStats(), membership, retry);
    }

    private static ApplyBatch.Entry change(String table, Op op, Map<String, String> key, Map<String, String> after) {
        ChangeEvent e = ChangeEvent.of(op, "pg", TableId.of("app", table), key, after, null,
                PgLsn.parse("0/" + Long.toHexString(0x1000 + offset)), 0L, null, 1);
        return new ApplyBatch.Entry(new PartitionKey(TOPIC, 0), offset++, new byte[0], new byte[0], e);
    }

    private static ApplyBatch batch(ApplyBatch.Entry... entries) {
        ApplyBatch b = new ApplyBatch();
        for (ApplyBatch.Entry e : entries) {
            b.add(e);
        }
        return b;
    }

    private static List<String> read(Connection c, String table, List<Col> cols, String where) throws SQLException {
        String select = cols.stream().map(m -> CanonicalReader.select(Engine.MYSQL, m.read(), Engine.MYSQL.quote(m.name())))
                .collect(Collectors.joining(", "));
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT " + select + " FROM " + table + " WHERE " + where)) {
            assertThat(rs.next()).as("row %s of %s", where, table).isTrue();
            List<String> values = new ArrayList<>();
            for (int i = 0; i < cols.size(); i++) {
                values.add(CanonicalReader.read(rs, i + 1, cols.get(i).read(), Engine.MYSQL));
            }
            return values;
        }
    }

    @Test
    void everyCapturedValueOfTheTypeMatrixReadsBackAsTheCanonicalValueItCameFrom() throws Exception {
        List<DeadLetter> parked = new ArrayList<>();
        try (BatchWriter writer = writer("ferry-applier-matrix", parked); Connection c = connect()) {
            for (int r = 0; r < 3; r++) {
                Map<String, String> row = new LinkedHashMap<>();
                row.put("id", Integer.toString(r + 1));
                for (Col m : MATRIX) {
                    // Every row is written twice: once as another row's values, then updated to its own.
                    row.put(m.name(), m.captured().get((r + 1) % 3));
                }
                writer.write(batch(change("matrix", Op.CREATE, Map.of("id", row.get("id")), new LinkedHashMap<>(row))));
                for (Col m : MATRIX) {
                    row.put(m.name(), m.captured().get(r));
                }
                writer.write(batch(change("matrix", Op.UPDATE, Map.of("id", row.get("id")), row)));
            }
            Map<String, String> nulls = new LinkedHashMap<>();
            nulls.put("id", "4");
            MATRIX.forEach(m -> nulls.put(m.name(), null));
            writer.write(batch(change("matrix", Op.CREATE, Map.of("id", "4"), nulls)));
            assertThat(parked).isEmpty();

            for (int r = 0; r < 3; r++) {
                List<String> actual = read(c, "matrix", MATRIX, "id = " + (r + 1));
                for (int i = 0; i < MATRIX.size(); i++) {
                    Col m = MATRIX.get(i);
                    assertThat(actual.get(i)).as("%s %s of row %d", m.name(), m.type(), r + 1).isEqualTo(m.expected().get(r));
                }
            }
            assertThat(read(c, "matrix", MATRIX, "id = 4")).as("NULL stays NULL, also with a DEFAULT").containsOnlyNulls();
        }
    }

    @Test
    void upsertsDeletesAndAKeyChangeByCompositeKeyLeaveGeneratedColumnsToTheServer() throws Exception {
        List<Col> cols = List.of(col("order_id", "", LogicalType.INTEGER), col("line_no", "", LogicalType.INTEGER),
                col("qty", "", LogicalType.INTEGER), col("total", "", LogicalType.INTEGER));
        String max = "18446744073709551615";
        List<DeadLetter> parked = new ArrayList<>();
        try (BatchWriter writer = writer("ferry-applier-lines", parked); Connection c = connect()) {
            TargetTable t = new TargetCatalog(DIALECT, DB).table(c, TableId.of("app", "lines"));
            assertThat(t.primaryKey()).containsExactly("order_id", "line_no");
            assertThat(t.generated()).containsExactly("total");
            Map<String, String> key1 = Map.of("order_id", max, "line_no", "1");
            // PostgreSQL has total too (a generated column there); its value is never written.
            writer.write(batch(change("lines", Op.CREATE, key1, Map.of("order_id", max, "line_no", "1", "qty", "3", "total", "999"))));
            writer.write(batch(change("lines", Op.UPDATE, key1, Map.of("order_id", max, "line_no", "1", "qty", "4", "total", "999"))));
            assertThat(read(c, "`lines`", cols, "line_no = 1")).containsExactly(max, "1", "4", "8");
            // A key change arrives as a delete of the old key and an insert of the new one, in one batch.
            Map<String, String> key2 = Map.of("order_id", max, "line_no", "2");
            writer.write(batch(change("lines", Op.DELETE, key1, null),
                    change("lines", Op.CREATE, key2, Map.of("order_id", max, "line_no", "2", "qty", "4"))));
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT line_no FROM `lines`")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(2);
                assertThat(rs.next()).isFalse();
            }
            writer.write(batch(change("lines", Op.UPDATE, key2, Map.of("order_id", max, "line_no", "2"))));
            assertThat(read(c, "`lines`", cols, "line_no = 2")).as("only key columns: the row stays").containsExactly(max, "2", "4", "8");
            assertThat(parked).isEmpty();
            assertThat(writer.recordedProgress()).containsKey(new PartitionKey(TOPIC, 0));
        }
    }

    @Test
    void aValueMySqlCannotHoldIsParkedNamingTheColumnAndTheRestOfTheBatchCommits() throws Exception {
        List<DeadLetter> parked = new ArrayList<>();
        try (BatchWriter writer = writer("ferry-applier-nan", parked); Connection c = connect()) {
            writer.write(batch(change("matrix", Op.CREATE, Map.of("id", "50"), Map.of("id", "50", "dbl", "NaN")),
                    change("matrix", Op.CREATE, Map.of("id", "51"), Map.of("id", "51", "tm", "P0Y1M0DT0H0M0S")),
                    change("matrix", Op.CREATE, Map.of("id", "52"), Map.of("id", "52", "dbl", "1.5"))));
            assertThat(parked).extracting(DeadLetter::reason).satisfiesExactlyInAnyOrder(
                    r -> assertThat(r).contains("reverse_target.matrix.dbl").contains("NaN"),
                    r -> assertThat(r).contains("reverse_target.matrix.tm").contains("months"));
            assertThat(read(c, "matrix", List.of(col("dbl", "", LogicalType.FLOAT)), "id = 52")).containsExactly("1.5");
        }
    }

    @Test
    void aTableWithASecondaryUniqueIndexIsRefusedBeforeAnyWrite() throws Exception {
        try (Connection c = connect()) {
            assertThatThrownBy(() -> new TargetCatalog(DIALECT, DB).table(c, TableId.of("app", "customers")))
                    .isInstanceOf(TargetSchemaException.class)
                    .hasMessageContaining("reverse_target.customers").hasMessageContaining("uq_email (email)");
        }
    }

    @Test
    void appliedOffsetsInTheFerryDatabaseRefuseProgressAtOrBelowWhatIsRecorded() throws Exception {
        PartitionKey p0 = new PartitionKey("ferry_reverse.app.orders", 0);
        PartitionKey p1 = new PartitionKey("ferry_reverse.app.orders", 1);
        AppliedOffsetStore store = new AppliedOffsetStore(DIALECT, "ferry-reverse-fence");
        try (Connection c = connect()) {
            store.ensureSchema(c);
            store.ensureSchema(c);
            c.setAutoCommit(false);
            assertThat(store.load(c)).isEmpty();
            Progress ten = new Progress(10, PgLsn.parse("0/16B3748"));
            store.record(c, Map.of(p0, ten, p1, new Progress(3, null)));
            c.commit();

            assertThatThrownBy(() -> store.record(c, Map.of(p0, new Progress(7, null), p1, new Progress(5, null))))
                    .isInstanceOf(PartitionMovedException.class)
                    .satisfies(e -> assertThat(((PartitionMovedException) e).partitions()).containsExactly(p0));
            c.rollback();
            assertThatThrownBy(() -> store.record(c, Map.of(p0, new Progress(10, null)))).isInstanceOf(PartitionMovedException.class);
            c.rollback();
            assertThat(store.load(c)).containsEntry(p0, ten).containsEntry(p1, new Progress(3, null));

            store.record(c, Map.of(p0, new Progress(11, null)));
            c.rollback();
            assertThat(store.load(c)).as("rolled back with the rows it covers").containsEntry(p0, ten);
            store.record(c, Map.of(p0, new Progress(11, null)));
            c.commit();
            assertThat(store.load(c)).containsEntry(p0, new Progress(11, null));
            assertThat(new AppliedOffsetStore(DIALECT, "another-applier").load(c)).isEmpty();
        }
    }
}
