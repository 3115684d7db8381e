package io.ferry.bench;

import io.ferry.core.config.TypesConfig;
import io.ferry.core.schema.TableId;
import io.ferry.core.value.jdbc.Engine;
import io.ferry.sandbox.Sandbox;
import io.ferry.sandbox.SandboxOptions;
import io.ferry.validator.KeyRange;
import io.ferry.validator.Side;
import io.ferry.validator.sql.SegmentSql;
import io.ferry.validator.ValidatedTable;
import io.ferry.validator.ValidatedTables;
import io.ferry.validator.ValidationOptions;
import io.ferry.validator.ValidationReport;
import io.ferry.validator.Validator;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

/**
 * Measures the segmented validator on a table that is equal on both sides, against a plain full
 * scan of the same table on each database (a count over every column), then with 1,000 scattered
 * differing rows. Prints the figures; asserts nothing.
 *
 * <p>Both sides are loaded independently with the same formulas (MariaDB's sequence engine,
 * PostgreSQL's generate_series), so the table is equal without a pipeline run.
 */
public final class ValidatorBench {

    private static final String MARIADB_TABLE = "CREATE TABLE bench.accounts (id BIGINT PRIMARY KEY, owner VARCHAR(40) NOT NULL,"
            + " balance DECIMAL(14,2) NOT NULL, score DOUBLE, opened DATETIME(6) NOT NULL, active TINYINT(1) NOT NULL, note TEXT)";
    private static final String POSTGRES_TABLE = "CREATE TABLE app.accounts (id bigint PRIMARY KEY, owner varchar(40) NOT NULL,"
            + " balance numeric(14,2) NOT NULL, score double precision, opened timestamp(6) NOT NULL, active boolean NOT NULL, note text)";

    public static void main(String[] args) throws Exception {
        int rows = PipelineBench.intArg(args, "--rows", 1_000_000);
        int concurrency = PipelineBench.intArg(args, "--concurrency", 2);
        int segmentRows = PipelineBench.intArg(args, "--segment-rows", 20_000);
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults())) {
            try (Connection m = sandbox.mariadb().connect(""); Statement s = m.createStatement()) {
                s.execute("CREATE DATABASE bench");
            }
            try (Connection m = sandbox.mariadb().connect("bench"); Statement s = m.createStatement()) {
                s.execute(MARIADB_TABLE);
                long t0 = System.nanoTime();
                s.execute("INSERT INTO bench.accounts SELECT seq, CONCAT('owner-', seq), seq * 1.25, seq * 0.5,"
                        + " TIMESTAMP('2020-01-01 00:00:00') + INTERVAL seq SECOND + INTERVAL (seq % 1000) MICROSECOND,"
                        + " seq % 2, IF(seq % 10 = 0, NULL, REPEAT('x', seq % 20)) FROM seq_1_to_" + rows);
                System.out.printf("loaded %,d rows into MariaDB in %.1f s%n", rows, (System.nanoTime() - t0) / 1e9);
            }
            sandbox.postgres().createDatabase("bench");
            try (Connection p = sandbox.postgres().connect("bench"); Statement s = p.createStatement()) {
                s.execute("CREATE SCHEMA app");
                s.execute(POSTGRES_TABLE);
                long t0 = System.nanoTime();
                s.execute("INSERT INTO app.accounts SELECT g, 'owner-' || g, g * 1.25, g * 0.5,"
                        + " timestamp '2020-01-01 00:00:00' + g * interval '1 second' + (g % 1000) * interval '1 microsecond',"
                        + " g % 2 = 1, CASE WHEN g % 10 = 0 THEN NULL ELSE repeat('x', (g % 20)::int) END FROM generate_series(1, " + rows + ") g");
                s.execute("VACUUM ANALYZE app.accounts");
                System.out.printf("loaded %,d rows into PostgreSQL in %.1f s%n", rows, (System.nanoTime() - t0) / 1e9);
            }
            Side source = Side.source(Engine.MYSQL, () -> sandbox.mariadb().connect("bench"));
            Side target = Side.target(() -> sandbox.postgres().connect("bench"));
            ValidatedTable table;
            try (Connection m = source.open(); Connection p = target.open()) {
                table = ValidatedTables.mysqlToPostgres(m, TableId.of("bench", "accounts"), p, TableId.of("app", "accounts"), TypesConfig.DEFAULTS);
            }
            String columns = "id, owner, balance, score, opened, active, note";
            // Warm both caches the same way before measuring anything.
            scan(source, "SELECT COUNT(*) FROM bench.accounts WHERE CONCAT_WS('|', " + columns + ") IS NOT NULL");
            scan(target, "SELECT count(*) FROM app.accounts WHERE concat_ws('|', " + columns + ") IS NOT NULL");
            double mariaScan = scan(source, "SELECT COUNT(*) FROM bench.accounts WHERE CONCAT_WS('|', " + columns + ") IS NOT NULL");
            double pgScan = scan(target, "SELECT count(*) FROM app.accounts WHERE concat_ws('|', " + columns + ") IS NOT NULL");
            System.out.printf("plain full scan over every column: MariaDB %.2f s, PostgreSQL %.2f s%n", mariaScan, pgScan);

            // The in-database hash alone, one query over the whole table per side: the floor for the validator.
            for (Side side : List.of(source, target)) {
                String sql = new SegmentSql(side.dialect(), table).hash(KeyRange.ALL).sql();
                System.out.printf("in-database hash of the whole table, %s alone: %.2f s%n", side.label(), scan(side, sql));
            }

            ValidationOptions options = ValidationOptions.DEFAULTS.withSegmentRows(segmentRows).withConcurrency(concurrency);
            double equal = validate(source, target, table, options, "equal tables");
            try (Connection p = target.open(); Statement s = p.createStatement()) {
                s.execute("UPDATE app.accounts SET balance = balance + 0.01 WHERE id % " + Math.max(1, rows / 1000) + " = 7");
            }
            double scattered = validate(source, target, table, options, "1,000 scattered differing rows");
            double slower = Math.max(mariaScan, pgScan);
            System.out.printf("%nvalidation of equal tables: %.2f s = %.2fx the slower plain scan (goal: within 2x)%n", equal, equal / slower);
            System.out.printf("listing 1,000 scattered differences: %.2f s = %.2fx the slower plain scan (goal: under 2x the validation)%n",
                    scattered, scattered / slower);
            System.out.printf("rows/s validated (equal): %,.0f%n", rows / equal);
        }
    }

    private static double scan(Side side, String sql) throws Exception {
        try (Connection c = side.open(); Statement s = c.createStatement()) {
            long t0 = System.nanoTime();
            try (ResultSet rs = s.executeQuery(sql)) {
                rs.next();
            }
            return (System.nanoTime() - t0) / 1e9;
        }
    }

    private static double validate(Side source, Side target, ValidatedTable table, ValidationOptions options, String what) throws Exception {
        long t0 = System.nanoTime();
        ValidationReport report;
        try (Validator v = new Validator(source, target, options, null)) {
            report = v.run(List.of(table));
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        var t = report.tables().get(0);
        System.out.printf("validator, %s: %.2f s, %s, %,d source rows, %d segments, %d mismatched, %,d differences%n",
                what, seconds, t.status(), t.sourceRows(), t.segments().size(), t.mismatchedSegments(), t.differences().size());
        return seconds;
    }
}
