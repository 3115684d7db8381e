package io.ferry.bench;

import io.ferry.capture.bulk.BulkLoad;
import io.ferry.core.config.ConfigLoader;
import io.ferry.core.config.PipelineConfig;
import io.ferry.core.schema.TableId;
import io.ferry.orchestrator.schema.MySqlCatalogReader;
import io.ferry.orchestrator.schema.SchemaApplier;
import io.ferry.orchestrator.schema.SchemaPlanner;
import io.ferry.core.schema.mapping.TypeMapper;
import io.ferry.sandbox.Sandbox;
import io.ferry.sandbox.SandboxOptions;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.postgresql.PGConnection;

/**
 * The full load of a 1M-row, ten-column {@code orders} table (BIGINT key, unsigned BIGINT, ENUM, DECIMAL, CHAR,
 * TINYINT(1), DATETIME(6), TIMESTAMP(3), VARCHAR(200), JSON) from MariaDB into PostgreSQL, three ways in one run:
 * Ferry's bulk load, pgloader (when installed; tuned: workers 4, concurrency 2) and a plain {@code COPY} of the same
 * rows from a file. Prints rows/s, the ratios, and CPU-seconds per million rows of the loader process and of the
 * database servers; then whether the primary key is cheaper built before or after a {@code COPY}.
 */
public final class BulkLoadBench {

    private static final long TICKS = 100; // USER_HZ on Linux

    public static void main(String[] args) throws Exception {
        int rows = PipelineBench.intArg(args, "--rows", 1_000_000);
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withKafka(false))) {
            System.out.printf("bench: sandbox up (%s); loading %,d rows into MariaDB%n", sandbox.directory(), rows);
            load(sandbox, rows);
            PipelineConfig config = config(sandbox);
            try (Connection c = sandbox.mariadb().connect("bench"); Connection pg = sandbox.postgres().connect("bench")) {
                SchemaApplier.applyBeforeCopy(pg, new SchemaPlanner(new TypeMapper(config.types())).plan(MySqlCatalogReader.read(c, "bench"), "bench"));
            }

            Measure ferry = Measure.start(sandbox);
            BulkLoad.Result r = new BulkLoad(config, List.of(TableId.of("bench", "orders")), Map.of()).run();
            Measure.Result ferryResult = ferry.stopJvm();
            require(r.rowsCopied() == rows, "bulk load copied " + r.rowsCopied() + " rows");
            print("ferry bulk load", rows, ferryResult, "ferry JVM");

            Measure.Result pgl = pgloader(sandbox, rows);
            Measure.Result copy = plainCopy(sandbox, rows);

            if (pgl != null) {
                System.out.printf("ratio ferry / pgloader: %.2fx (goal >= 1.5x)%n", ferryResult.rate(rows) / pgl.rate(rows));
            }
            System.out.printf("ratio ferry / plain COPY: %.2fx (goal >= 0.7x)%n", ferryResult.rate(rows) / copy.rate(rows));
            primaryKeyBeforeOrAfter(sandbox, rows);
        }
    }

    private static void print(String what, int rows, Measure.Result m, String loader) {
        System.out.printf("%s: %,d rows in %.1f s = %,.0f rows/s; CPU-s per 1M rows: %s %.1f, MariaDB %.1f, PostgreSQL %.1f%n",
                what, rows, m.seconds, m.rate(rows), loader, m.loaderCpu * 1e6 / rows, m.mariaCpu * 1e6 / rows, m.pgCpu * 1e6 / rows);
    }

    private static Measure.Result pgloader(Sandbox sandbox, int rows) throws Exception {
        Path bin = Path.of("/usr/bin/pgloader");
        if (!Files.isExecutable(bin)) {
            System.out.println("pgloader: not installed, skipped");
            return null;
        }
        sandbox.postgres().createDatabase("pgl");
        Path load = sandbox.directory().resolve("orders.load");
        Files.writeString(load, """
                LOAD DATABASE
                  FROM mysql://ferry:bench-password@127.0.0.1:%d/bench
                  INTO postgresql://postgres@127.0.0.1:%d/pgl
                WITH include drop, create tables, create indexes, reset sequences,
                     workers = 4, concurrency = 2, multiple readers per thread, rows per range = 250000
                SET PostgreSQL PARAMETERS maintenance_work_mem to '256MB';
                """.formatted(sandbox.mariadb().port(), sandbox.postgres().port()));
        Path out = sandbox.directory().resolve("pgloader.out");
        Measure m = Measure.start(sandbox);
        Process p = new ProcessBuilder("/usr/bin/time", "-f", "ferry-bench-cpu %U %S", bin.toString(), "--dynamic-space-size", "4096",
                "--no-ssl-cert-verification", load.toString()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        int exit = p.waitFor();
        String log = Files.readString(out);
        double cpu = 0;
        for (String line : log.split("\n")) {
            if (line.startsWith("ferry-bench-cpu ")) {
                String[] f = line.split(" ");
                cpu = Double.parseDouble(f[1]) + Double.parseDouble(f[2]);
            }
        }
        Measure.Result result = m.stop(cpu);
        long loaded;
        try (Connection pg = sandbox.postgres().connect("pgl"); Statement s = pg.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM bench.orders")) {
            rs.next();
            loaded = rs.getLong(1);
        } catch (java.sql.SQLException e) {
            System.out.println("pgloader: exit " + exit + ", no table loaded (" + e.getMessage() + "); its output " + out);
            return null;
        }
        if (exit != 0 || loaded != rows) {
            System.out.println("pgloader: exit " + exit + ", " + loaded + " rows; its output " + out);
        }
        print("pgloader (workers 4, concurrency 2)", rows, result, "pgloader");
        return result;
    }

    /** The same rows, written to a file as COPY text by PostgreSQL, copied into an empty table with the same key. */
    private static Measure.Result plainCopy(Sandbox sandbox, int rows) throws Exception {
        Path file = sandbox.directory().resolve("orders.copy");
        try (Connection pg = sandbox.postgres().connect("bench"); OutputStream o = new FileOutputStream(file.toFile())) {
            pg.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY bench.orders TO STDOUT", o);
            try (Statement s = pg.createStatement()) {
                s.execute("CREATE TABLE bench.orders_copy (LIKE bench.orders INCLUDING ALL)");
            }
        }
        Measure m = Measure.start(sandbox);
        try (Connection pg = sandbox.postgres().connect("bench"); InputStream in = new FileInputStream(file.toFile())) {
            long n = pg.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY bench.orders_copy FROM STDIN", in, 256 * 1024);
            require(n == rows, "plain COPY loaded " + n + " rows");
        }
        Measure.Result result = m.stopJvm();
        print("plain COPY from a file", rows, result, "client JVM");
        return result;
    }

    private static void primaryKeyBeforeOrAfter(Sandbox sandbox, int rows) throws Exception {
        Path file = sandbox.directory().resolve("orders.copy");
        try (Connection pg = sandbox.postgres().connect("bench"); Statement s = pg.createStatement()) {
            s.execute("CREATE TABLE bench.orders_nopk (LIKE bench.orders)");
            long t0 = System.nanoTime();
            try (InputStream in = new FileInputStream(file.toFile())) {
                pg.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY bench.orders_nopk FROM STDIN", in, 256 * 1024);
            }
            long copied = System.nanoTime();
            s.execute("ALTER TABLE bench.orders_nopk ADD PRIMARY KEY (id)");
            long keyed = System.nanoTime();
            System.out.printf("primary key after the COPY: COPY %.1f s + ADD PRIMARY KEY %.1f s = %.1f s (with the key during the COPY: see "
                    + "plain COPY above)%n", (copied - t0) / 1e9, (keyed - copied) / 1e9, (keyed - t0) / 1e9);
        }
    }

    private static void require(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException(what);
        }
    }

    static double jvmCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Wall time and CPU time of the loader and of both database servers (with their reaped children) over a load. */
    private static final class Measure {
        final long t0 = System.nanoTime();
        final Sandbox sandbox;
        final double jvm0 = jvmCpuNanos() / 1e9;
        final double maria0;
        final double pg0;

        record Result(double seconds, double loaderCpu, double mariaCpu, double pgCpu) {
            double rate(int rows) {
                return rows / seconds;
            }
        }

        private Measure(Sandbox sandbox) {
            this.sandbox = sandbox;
            this.maria0 = cpu(sandbox.mariadb().pid());
            this.pg0 = cpu(sandbox.postgres().pid());
        }

        static Measure start(Sandbox sandbox) {
            return new Measure(sandbox);
        }

        /** Ends a load whose loader is this JVM. */
        Result stopJvm() {
            return stop(jvmCpuNanos() / 1e9 - jvm0);
        }

        /** Ends a load whose loader was a child process that used this much CPU. */
        Result stop(double loaderCpuSeconds) {
            double seconds = (System.nanoTime() - t0) / 1e9;
            return new Result(seconds, loaderCpuSeconds, cpu(sandbox.mariadb().pid()) - maria0, cpu(sandbox.postgres().pid()) - pg0);
        }

        /** utime + stime + cutime + cstime of a process, in seconds. */
        static double cpu(long pid) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return (Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14])) / (double) TICKS;
            } catch (Exception e) {
                return Double.NaN;
            }
        }
    }

    static void load(Sandbox sandbox, int rows) throws Exception {
        try (Connection c = sandbox.mariadb().connect(""); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE bench");
            s.execute("CREATE TABLE bench.orders (id BIGINT NOT NULL PRIMARY KEY, customer_id BIGINT UNSIGNED NOT NULL,"
                    + " status ENUM('new','paid','shipped') NOT NULL, total DECIMAL(14,2) NOT NULL, sku CHAR(12) NOT NULL,"
                    + " paid TINYINT(1) NOT NULL, ordered_at DATETIME(6) NOT NULL, updated_at TIMESTAMP(3) NULL,"
                    + " note VARCHAR(200) NULL, attrs JSON NULL)");
        }
        try (Connection c = sandbox.mariadb().connect("bench")) {
            c.setAutoCommit(false);
            Random rnd = new Random(1);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO orders VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (int i = 1; i <= rows; i++) {
                    ps.setLong(1, i);
                    ps.setLong(2, rnd.nextInt(100_000));
                    ps.setString(3, i % 3 == 0 ? "new" : i % 3 == 1 ? "paid" : "shipped");
                    ps.setBigDecimal(4, java.math.BigDecimal.valueOf(rnd.nextInt(10_000_000), 2));
                    ps.setString(5, "SKU-" + (i % 50_000));
                    ps.setBoolean(6, i % 2 == 0);
                    ps.setObject(7, LocalDateTime.of(2024, 1, 1, 0, 0).plusSeconds(i).plusNanos((i % 1000) * 1000L));
                    ps.setObject(8, LocalDateTime.of(2024, 6, 1, 0, 0).plusSeconds(i));
                    ps.setString(9, i % 4 == 0 ? null : "note for order " + i);
                    ps.setString(10, "{\"color\": \"" + (i % 2 == 0 ? "red" : "blue") + "\", \"size\": " + (i % 40) + ", \"tags\": [\"a\", \"b\"]}");
                    ps.addBatch();
                    if (i % 10_000 == 0) {
                        ps.executeBatch();
                        c.commit();
                    }
                }
                ps.executeBatch();
                c.commit();
            }
        }
        sandbox.mariadb().createCaptureUser("ferry", "bench-password");
        sandbox.postgres().createDatabase("bench");
    }

    static PipelineConfig config(Sandbox sandbox) throws Exception {
        Path file = sandbox.directory().resolve("bulk-bench.yaml");
        Files.writeString(file, """
                name: bulk_bench
                source: {kind: mariadb, host: 127.0.0.1, port: %d, user: ferry, password: bench-password, database: bench, serverId: 5998}
                target: {kind: postgresql, host: 127.0.0.1, port: %d, database: bench, user: postgres, schema: bench}
                kafka: {bootstrapServers: "127.0.0.1:1", topicPrefix: bench}
                """.formatted(sandbox.mariadb().port(), sandbox.postgres().port()));
        return ConfigLoader.load(file);
    }
}
