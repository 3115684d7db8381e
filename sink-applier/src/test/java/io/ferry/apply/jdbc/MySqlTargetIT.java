package io.ferry.apply.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.apply.PartitionKey;
import io.ferry.apply.PartitionMovedException;
import io.ferry.apply.Progress;
import io.ferry.core.event.PgLsn;
import io.ferry.core.schema.TableId;
import io.ferry.core.value.LogicalType;
import io.ferry.core.value.jdbc.CanonicalReader;
import io.ferry.core.value.jdbc.Engine;
import io.ferry.sandbox.Sandbox;
import io.ferry.sandbox.SandboxOptions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The MySQL/MariaDB target of reverse replication against a sandbox MariaDB: canonical values of the type matrix as
 * PostgreSQL capture delivers them (booleans, Debezium's ISO 8601 intervals, UTC instants, base64, bit digits) are
 * written with {@link MySqlDialect} into the source's own column types and read back, by the validator's reader, as
 * exactly the canonical values the forward path produced from them. Then upserts, deletes and a key change, the
 * refusal of a table with a secondary unique index, and the applied-offset fence in the {@code ferry} database.
 */
class MySqlTargetIT {

    private static final String DB = "reverse_target";
    private static Sandbox sandbox;

    /** A column: its MySQL type, how the validator reads it, values as PostgreSQL capture sends them, and as read back. */
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

    private static Connection connect() throws SQLException {
        Connection c = sandbox.mariadb().connect(DB);
        try (Statement s = c.createStatement()) {
            s.execute("SET time_zone = '+00:00'");
        }
        return c;
    }

    private static void upsert(Connection c, TargetTable t, Map<String, String> row) throws SQLException {
        List<String> columns = t.writable(row.keySet());
        try (PreparedStatement ps = c.prepareStatement(MySqlDialect.upsert(t, columns))) {
            int i = 1;
            for (String col : columns) {
                ps.setString(i++, MySqlDialect.text(t, col, row.get(col)));
            }
            ps.executeUpdate();
        }
    }

    private static void delete(Connection c, TargetTable t, String... key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(MySqlDialect.delete(t))) {
            for (int i = 0; i < key.length; i++) {
                ps.setString(i + 1, MySqlDialect.text(t, t.primaryKey().get(i), key[i]));
            }
            ps.executeUpdate();
        }
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
        MySqlTargetCatalog catalog = new MySqlTargetCatalog(DB, Map.of());
        try (Connection c = connect()) {
            TargetTable t = catalog.table(c, TableId.of("app", "matrix"));
            assertThat(t.primaryKey()).containsExactly("id");
            for (int r = 0; r < 3; r++) {
                Map<String, String> row = new java.util.LinkedHashMap<>();
                row.put("id", Integer.toString(r + 1));
                for (Col m : MATRIX) {
                    // Every row is written twice: once as another row's values, then updated to its own.
                    row.put(m.name(), m.captured().get((r + 1) % 3));
                }
                upsert(c, t, row);
                for (Col m : MATRIX) {
                    row.put(m.name(), m.captured().get(r));
                }
                upsert(c, t, row);
            }
            Map<String, String> nulls = new java.util.LinkedHashMap<>();
            nulls.put("id", "4");
            MATRIX.forEach(m -> nulls.put(m.name(), null));
            upsert(c, t, nulls);

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
        MySqlTargetCatalog catalog = new MySqlTargetCatalog(DB, Map.of());
        List<Col> cols = List.of(col("order_id", "", LogicalType.INTEGER), col("line_no", "", LogicalType.INTEGER),
                col("qty", "", LogicalType.INTEGER), col("total", "", LogicalType.INTEGER));
        try (Connection c = connect()) {
            TargetTable t = catalog.table(c, TableId.of("app", "lines"));
            assertThat(t.primaryKey()).containsExactly("order_id", "line_no");
            assertThat(t.generated()).containsExactly("total");
            // PostgreSQL has total too (a generated column there); its value is never written.
            upsert(c, t, Map.of("order_id", "18446744073709551615", "line_no", "1", "qty", "3", "total", "999"));
            upsert(c, t, Map.of("order_id", "18446744073709551615", "line_no", "1", "qty", "4", "total", "999"));
            assertThat(read(c, "`lines`", cols, "line_no = 1")).containsExactly("18446744073709551615", "1", "4", "8");
            // A key change arrives as a delete of the old key and an insert of the new one.
            delete(c, t, "18446744073709551615", "1");
            upsert(c, t, Map.of("order_id", "18446744073709551615", "line_no", "2", "qty", "4"));
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT line_no FROM `lines`")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(2);
                assertThat(rs.next()).isFalse();
            }
            upsert(c, t, Map.of("order_id", "18446744073709551615", "line_no", "2"));
            assertThat(read(c, "`lines`", cols, "line_no = 2")).as("only key columns: the row stays").containsExactly(
                    "18446744073709551615", "2", "4", "8");
        }
    }

    @Test
    void aValueMySqlCannotHoldIsAnErrorNamingTheColumn() throws Exception {
        try (Connection c = connect()) {
            TargetTable t = new MySqlTargetCatalog(DB, Map.of()).table(c, TableId.of("app", "matrix"));
            assertThatThrownBy(() -> MySqlDialect.text(t, "dbl", "NaN")).hasMessageContaining("reverse_target.matrix.dbl");
            assertThatThrownBy(() -> MySqlDialect.text(t, "tm", "P0Y1M0DT0H0M0S")).hasMessageContaining("months");
        }
    }

    @Test
    void aTableWithASecondaryUniqueIndexIsRefusedBeforeAnyWrite() throws Exception {
        try (Connection c = connect()) {
            assertThatThrownBy(() -> new MySqlTargetCatalog(DB, Map.of()).table(c, TableId.of("app", "customers")))
                    .isInstanceOf(TargetSchemaException.class)
                    .hasMessageContaining("reverse_target.customers").hasMessageContaining("uq_email (email)");
        }
    }

    @Test
    void appliedOffsetsInTheFerryDatabaseRefuseProgressAtOrBelowWhatIsRecorded() throws Exception {
        PartitionKey p0 = new PartitionKey("ferry_reverse.app.orders", 0);
        PartitionKey p1 = new PartitionKey("ferry_reverse.app.orders", 1);
        MySqlAppliedOffsetStore store = new MySqlAppliedOffsetStore("ferry-reverse-fence");
        try (Connection c = connect()) {
            MySqlAppliedOffsetStore.ensureSchema(c);
            MySqlAppliedOffsetStore.ensureSchema(c);
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
            assertThat(new MySqlAppliedOffsetStore("another-applier").load(c)).isEmpty();
        }
    }
}
