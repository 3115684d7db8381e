package io.ferry.bench;

import io.ferry.core.config.TypesConfig;
import io.ferry.core.schema.TableId;
import io.ferry.core.value.jdbc.Engine;
import io.ferry.sandbox.Sandbox;
import io.ferry.sandbox.SandboxOptions;
import io.ferry.validator.KeyRange;
import io.ferry.validator.Side;
import io.ferry.validator.ValidatedTable;
import io.ferry.validator.ValidatedTables;
import io.ferry.validator.ValidationOptions;
import io.ferry.validator.ValidationReport;
import io.ferry.validator.Validator;
import io.ferry.validator.sql.SegmentSql;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

/**
 * Measures the segmented validator on a 1M-row {@code orders} table of ten columns (BIGINT key, unsigned BIGINT,
 * ENUM, DECIMAL, CHAR, TINYINT(1), DATETIME(6), TIMESTAMP(3), VARCHAR(200), JSON) that is equal on both sides,
 * against a plain whole-table MD5 scan of the same table on each database, then with 1,000 scattered differing
 * rows. Prints the figures; asserts nothing.
 *
 * <p>Both sides are loaded independently with the same formulas (MariaDB's sequence engine and JSON_OBJECT,
 * PostgreSQL's generate_series and jsonb_build_object), in the types the schema planner gives, so the table is
 * equal without a pipeline run; the JSON documents are written in a different key order on each side.
 */
public final class ValidatorBench {

    private static final String MARIADB_TABLE = "CREATE TABLE bench.orders (id BIGINT PRIMARY KEY, customer_id BIGINT UNSIGNED NOT NULL,"
            + " status ENUM('new','paid','shipped') NOT NULL, total DECIMAL(14,2) NOT NULL, sku CHAR(12) NOT NULL, paid TINYINT(1) NOT NULL,"
            + " ordered_at DATETIME(6) NOT NULL, written_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), note VARCHAR(200) NULL,"
            + " attrs JSON NULL)";
    private static final String MARIADB_ROWS = "INSERT INTO bench.orders SELECT seq, (seq * 7919) % 100000, ELT(1 + seq % 3, 'new', 'paid', 'shipped'),"
            + " (seq % 100000) * 1.25, CONCAT('SKU-', seq % 5000), seq % 2,"
            + " TIMESTAMP('2024-01-01 00:00:00') + INTERVAL seq SECOND + INTERVAL (seq % 997) MICROSECOND,"
            + " TIMESTAMP('2024-06-01 00:00:00') + INTERVAL seq SECOND + INTERVAL ((seq % 999) * 1000) MICROSECOND,"
            + " IF(seq % 4 = 0, NULL, CONCAT('note for order ', seq)),"
            + " IF(seq % 10 = 0, NULL, JSON_OBJECT('qty', seq % 9, 'tags', JSON_ARRAY('red', 'big'), 'gift', seq % 3 = 0,"
            + " 'price', (seq % 1000) * 0.5, 'customer', JSON_OBJECT('tier', seq % 4, 'vip', seq % 7 = 0))) FROM seq_1_to_";
    private static final String POSTGRES_TABLE = "CREATE TABLE app.orders (id bigint PRIMARY KEY, customer_id numeric(20,0) NOT NULL,"
            + " status app.orders_status_enum NOT NULL, total numeric(14,2) NOT NULL, sku varchar(12) NOT NULL, paid boolean NOT NULL,"
            + " ordered_at timestamp(6) NOT NULL, written_at timestamptz(3) NOT NULL, note varchar(200), attrs jsonb)";
    private static final String POSTGRES_ROWS = "INSERT INTO app.orders SELECT g, (g * 7919) % 100000,"
            + " (ARRAY['new','paid','shipped'])[1 + g % 3]::app.orders_status_enum, (g % 100000) * 1.25, 'SKU-' || (g % 5000), g % 2 = 1,"
            + " timestamp '2024-01-01 00:00:00' + g * interval '1 second' + (g % 997) * interval '1 microsecond',"
            + " timestamptz '2024-06-01 00:00:00+00' + g * interval '1 second' + (g % 999) * interval '1 millisecond',"
            + " CASE WHEN g % 4 = 0 THEN NULL ELSE 'note for order ' || g END,"
            + " CASE WHEN g % 10 = 0 THEN NULL ELSE jsonb_build_object('qty', g % 9, 'tags', jsonb_build_array('red', 'big'), 'gift', g % 3 = 0,"
            + " 'price', (g % 1000) * 0.5, 'customer', jsonb_build_object('tier', g % 4, 'vip', g % 7 = 0)) END FROM generate_series(1::bigint, ";
    private static final String COLUMNS = "id, customer_id, status, total, sku, paid, ordered_at, written_at, note, attrs";

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
                s.execute("SET time_zone = '+00:00'");
                long t0 = System.nanoTime();
                s.execute(MARIADB_ROWS + rows);
                System.out.printf("loaded %,d rows into MariaDB in %.1f s%n", rows, (System.nanoTime() - t0) / 1e9);
            }
            sandbox.postgres().createDatabase("bench");
            try (Connection p = sandbox.postgres().connect("bench"); Statement s = p.createStatement()) {
                s.execute("CREATE SCHEMA app");
                s.execute("CREATE TYPE app.orders_status_enum AS ENUM ('new', 'paid', 'shipped')");
                s.execute(POSTGRES_TABLE);
                long t0 = System.nanoTime();
                s.execute(POSTGRES_ROWS + rows + ") g");
                s.execute("VACUUM ANALYZE app.orders");
                System.out.printf("loaded %,d rows into PostgreSQL in %.1f s%n", rows, (System.nanoTime() - t0) / 1e9);
            }
            Side source = Side.source(Engine.MYSQL, () -> sandbox.mariadb().connect("bench"));
            Side target = Side.target(() -> sandbox.postgres().connect("bench"));
            ValidatedTable table;
            try (Connection m = source.open(); Connection p = target.open()) {
                table = ValidatedTables.mysqlToPostgres(m, TableId.of("bench", "orders"), p, TableId.of("app", "orders"), TypesConfig.DEFAULTS);
            }
            // A plain whole-table MD5 scan: every column as the database prints it, one MD5 per row, XOR of 64 bits.
            String mariaMd5 = "SELECT COUNT(*), BIT_XOR(CAST(CONV(LEFT(MD5(CONCAT_WS('|', " + COLUMNS + ")), 16), 16, 10) AS UNSIGNED))"
                    + " FROM bench.orders";
            String pgMd5 = "SELECT count(*), bit_xor(('x' || left(md5(concat_ws('|', " + COLUMNS + ")), 16))::bit(64)::bigint) FROM app.orders";
            // Warm both caches the same way before measuring anything.
            scan(source, mariaMd5);
            scan(target, pgMd5);

            // The validator's in-database hash alone, one query over the whole table per side (where the database hashes the rows).
            boolean sourceHashedByValidator = !new SegmentSql(source.dialect(), table).jsonPartInDatabase();
            for (Side side : List.of(source, target)) {
                SegmentSql segmentSql = new SegmentSql(side.dialect(), table);
                if (segmentSql.hasJsonPart() && !segmentSql.jsonPartInDatabase()) {
                    System.out.printf("in-database hash of the whole table, %s alone: none (its rows are hashed in the validator)%n", side.label());
                    continue;
                }
                // Where the validator hashes the source's rows, the target hashes with lookup3 per key bucket.
                String sql = sourceHashedByValidator ? segmentSql.bucketHashes(KeyRange.ALL).sql() : segmentSql.hash(KeyRange.ALL).sql();
                System.out.printf("in-database hash of the whole table, %s alone: %.2f s%n", side.label(), scan(side, sql));
            }

            ValidationOptions options = ValidationOptions.DEFAULTS.withSegmentRows(segmentRows).withConcurrency(concurrency);
            // The first pass in this JVM also compiles the validator's code (JIT), as a validator service's first pass does.
            Cpu cpu = new Cpu(sandbox.mariadb().pid(), sandbox.postgres().pid());
            double cold = validate(source, target, table, options, "equal tables, first pass in this JVM");
            System.out.println("CPU-seconds of the first pass: " + cpu.since());

            // Rounds of: a plain MD5 scan on each database, both scans at once (the validator reads both sides at once),
            // and an equal pass, one right after the other. This machine's speed drifts (by up to 2x over minutes), so
            // each pass is compared with the scans of its own round, and the figure is the median of the rounds' ratios.
            double[] mariaScans = new double[ROUNDS];
            double[] pgScans = new double[ROUNDS];
            double[] bothScans = new double[ROUNDS];
            double[] equals = new double[ROUNDS];
            double[] ratios = new double[ROUNDS];
            double[] bothRatios = new double[ROUNDS];
            for (int i = 0; i < ROUNDS; i++) {
                cpu = new Cpu(sandbox.mariadb().pid(), sandbox.postgres().pid());
                mariaScans[i] = scan(source, mariaMd5);
                pgScans[i] = scan(target, pgMd5);
                System.out.printf("round %d: plain whole-table MD5 scan: MariaDB %.2f s, PostgreSQL %.2f s (CPU-seconds of both: %s)%n", i + 1,
                        mariaScans[i], pgScans[i], cpu.since());
                bothScans[i] = bothScans(source, mariaMd5, target, pgMd5);
                System.out.printf("round %d: both plain MD5 scans at once: %.2f s%n", i + 1, bothScans[i]);
                cpu = new Cpu(sandbox.mariadb().pid(), sandbox.postgres().pid());
                equals[i] = validate(source, target, table, options, "equal tables");
                System.out.println("CPU-seconds of the equal pass: " + cpu.since());
                ratios[i] = equals[i] / Math.max(mariaScans[i], pgScans[i]);
                bothRatios[i] = equals[i] / bothScans[i];
                System.out.printf("round %d: equal pass %.2fx the slower plain scan, %.2fx both scans at once%n", i + 1, ratios[i], bothRatios[i]);
            }
            double mariaScan = median(mariaScans);
            double pgScan = median(pgScans);
            double equal = median(equals);
            try (Connection p = target.open(); Statement s = p.createStatement()) {
                s.execute("UPDATE app.orders SET total = total + 0.01 WHERE id % " + Math.max(1, rows / 1000) + " = 7");
            }
            cpu = new Cpu(sandbox.mariadb().pid(), sandbox.postgres().pid());
            double scattered = validate(source, target, table, options, "1,000 scattered differing rows");
            System.out.println("CPU-seconds of the scattered pass: " + cpu.since());
            double slower = Math.max(mariaScan, pgScan);
            System.out.printf("%nplain whole-table MD5 scan, median of %d rounds: MariaDB %.2f s, PostgreSQL %.2f s; equal pass %.2f s%n", ROUNDS, mariaScan,
                    pgScan, equal);
            System.out.printf("validation of equal tables: %.2fx the slower plain MD5 scan (median of %d rounds' ratios, each %s; goal: at most 1x)%n",
                    median(ratios), ROUNDS, ratioList(ratios));
            System.out.printf("the first pass in this JVM (JIT compilation included): %.2f s = %.2fx the slower scan's median%n", cold, cold / slower);
            System.out.printf("for reference, against both plain scans run at once: equal pass %.2fx (median of the rounds' ratios)%n",
                    median(bothRatios));
            System.out.printf("listing 1,000 scattered differences: %.2f s = %.2fx the equal pass's median (goal: under 2x)%n", scattered, scattered / equal);
            System.out.printf("rows/s validated (equal): %,.0f%n", rows / equal);
        }
    }

    /**
     * CPU-seconds used since construction by this JVM, the MariaDB server and the PostgreSQL server with its backends
     * (those that have exited are counted in the postmaster's children's times), from /proc; less sensitive than wall
     * time to the load of other jobs on the machine.
     */
    private static final class Cpu {
        private final long mariadb;
        private final long postgres;
        private final long postgresChildren;
        private final double[] start;

        Cpu(long mariadb, long postgres) throws java.io.IOException {
            this.mariadb = mariadb;
            this.postgres = postgres;
            this.postgresChildren = children(postgres);
            this.start = now();
        }

        private static long children(long pid) {
            return ProcessHandle.of(pid).map(h -> h.children().count()).orElse(0L);
        }

        /**
         * Waits (at most 2 s) until the backends of the connections closed since construction have exited and been
         * reaped, so that their CPU time is in the postmaster's children's times rather than in neither.
         */
        private void awaitBackendsReaped() throws java.io.IOException {
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (children(postgres) > postgresChildren && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        private double[] now() throws java.io.IOException {
            double jvm = ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0);
            double pg = ticks(postgres, true);
            for (ProcessHandle child : ProcessHandle.of(postgres).map(h -> h.children().toList()).orElse(List.of())) {
                pg += ticks(child.pid(), false);
            }
            return new double[] {jvm, ticks(mariadb, false), pg};
        }

        /** utime + stime (and with children, cutime + cstime) of a process in seconds; 0 for a process gone. */
        private static double ticks(long pid, boolean children) throws java.io.IOException {
            java.nio.file.Path stat = java.nio.file.Path.of("/proc/" + pid + "/stat");
            String s;
            try {
                s = java.nio.file.Files.readString(stat);
            } catch (java.io.IOException e) {
                // Gone: no such file, or (a backend that exits while it is read) "No such process".
                return 0;
            }
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            // fields after the command: state(0) ... utime(11) stime(12) cutime(13) cstime(14)
            long t = Long.parseLong(f[11]) + Long.parseLong(f[12]) + (children ? Long.parseLong(f[13]) + Long.parseLong(f[14]) : 0);
            return t / 100.0;
        }

        String since() throws java.io.IOException {
            awaitBackendsReaped();
            double[] n = now();
            double jvm = n[0] - start[0];
            double m = n[1] - start[1];
            double p = n[2] - start[2];
            return String.format("JVM %.1f / MariaDB %.1f / PostgreSQL %.1f = %.1f", jvm, m, p, jvm + m + p);
        }
    }

    private static final int ROUNDS = 5;

    /** The rounds' ratios, as {@code 0.91x, 1.02x, ...}. */
    private static String ratioList(double[] ratios) {
        StringBuilder b = new StringBuilder();
        for (double r : ratios) {
            b.append(b.isEmpty() ? "" : ", ").append(String.format("%.2fx", r));
        }
        return b.toString();
    }

    /** Both plain scans started at once, the wall time until both are done. */
    private static double bothScans(Side source, String mariaMd5, Side target, String pgMd5) throws Exception {
        long t0 = System.nanoTime();
        var onTarget = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return scan(target, pgMd5);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        scan(source, mariaMd5);
        onTarget.join();
        return (System.nanoTime() - t0) / 1e9;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
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
