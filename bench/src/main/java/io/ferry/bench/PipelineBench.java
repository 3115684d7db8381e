package io.ferry.bench;

import io.ferry.apply.ApplyBatch;
import io.ferry.core.config.ConfigLoader;
import io.ferry.core.config.PipelineConfig;
import io.ferry.orchestrator.pipeline.LocalPipeline;
import io.ferry.sandbox.Sandbox;
import io.ferry.sandbox.SandboxOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Prints snapshot throughput into the target and end-to-end lag percentiles under a steady writer,
 * for the MariaDB to PostgreSQL pipeline on the local sandbox.
 */
public final class PipelineBench {

    private static final DateTimeFormatter CANONICAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS][.SSSSS][.SSSS][.SSS][.SS][.S]");

    public static void main(String[] args) throws Exception {
        int rows = intArg(args, "--rows", 1_000_000);
        int writesPerSecond = intArg(args, "--writes-per-second", 500);
        int seconds = intArg(args, "--seconds", 30);
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults())) {
            System.out.printf("bench: sandbox up (%s); loading %,d rows%n", sandbox.directory(), rows);
            load(sandbox, rows);
            PipelineConfig config = config(sandbox);
            ConcurrentLinkedQueue<Long> lags = new ConcurrentLinkedQueue<>();
            AtomicLong measuring = new AtomicLong(0);
            try (LocalPipeline pipeline = new LocalPipeline(config)) {
                long t0 = System.nanoTime();
                pipeline.start();
                pipeline.applier().stats().addListener(entries -> record(entries, lags, measuring.get()));
                long captured = -1;
                while (true) {
                    long snap = pipeline.capture().stats().snapshotRows().values().stream().mapToLong(Long::longValue).sum();
                    if (captured < 0 && snap >= rows) {
                        captured = System.nanoTime();
                    }
                    long applied = pipeline.applier().stats().appliedRows().values().stream().mapToLong(Long::longValue).sum();
                    if (applied >= rows) {
                        break;
                    }
                    if (pipeline.failure() != null) {
                        throw new IllegalStateException("pipeline failed", pipeline.failure());
                    }
                    Thread.sleep(50);
                }
                double total = (System.nanoTime() - t0) / 1e9;
                double capture = (captured - t0) / 1e9;
                System.out.printf("snapshot: %,d rows in the target in %.1f s = %,.0f rows/s (capture into Kafka done after %.1f s = %,.0f rows/s)%n",
                        rows, total, rows / total, capture, rows / capture);

                measuring.set(1);
                long tx = write(sandbox, rows, writesPerSecond, seconds);
                pipeline.awaitCaughtUp(Duration.ofMinutes(5));
                long[] sorted = lags.stream().mapToLong(Long::longValue).sorted().toArray();
                System.out.printf("streaming: %,d transactions at %d/s for %d s; %,d changes measured%n", tx, writesPerSecond, seconds, sorted.length);
                if (sorted.length > 0) {
                    System.out.printf("lag source commit -> target commit: p50 %d ms, p95 %d ms, p99 %d ms, max %d ms%n",
                            pct(sorted, 50), pct(sorted, 95), pct(sorted, 99), sorted[sorted.length - 1]);
                }
            }
        }
    }

    private static void record(java.util.List<ApplyBatch.Entry> entries, ConcurrentLinkedQueue<Long> lags, long measuring) {
        if (measuring == 0) {
            return;
        }
        long now = System.currentTimeMillis();
        for (ApplyBatch.Entry e : entries) {
            if (e.event().after() == null) {
                continue;
            }
            String w = e.event().after().get("written_at");
            if (w != null && w.endsWith("Z")) {
                long at = LocalDateTime.parse(w.substring(0, w.length() - 1), CANONICAL).toInstant(ZoneOffset.UTC).toEpochMilli();
                lags.add(Math.max(0, now - at));
            }
        }
    }

    private static long pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    static void load(Sandbox sandbox, int rows) throws Exception {
        try (Connection c = sandbox.mariadb().connect(""); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE bench");
            s.execute("CREATE TABLE bench.orders (id BIGINT NOT NULL PRIMARY KEY, customer_id BIGINT UNSIGNED NOT NULL,"
                    + " status ENUM('new','paid','shipped') NOT NULL, total DECIMAL(14,2) NOT NULL, qty INT NOT NULL,"
                    + " note VARCHAR(200) NULL, ordered_at DATETIME(3) NOT NULL, written_at TIMESTAMP(6) NOT NULL DEFAULT NOW(6),"
                    + " paid TINYINT(1) NOT NULL, sku VARCHAR(32) NOT NULL)");
        }
        try (Connection c = sandbox.mariadb().connect("bench")) {
            c.setAutoCommit(false);
            Random rnd = new Random(1);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO orders (id, customer_id, status, total, qty, note, ordered_at, paid, sku)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (int i = 1; i <= rows; i++) {
                    ps.setLong(1, i);
                    ps.setLong(2, rnd.nextInt(100_000));
                    ps.setString(3, i % 3 == 0 ? "new" : i % 3 == 1 ? "paid" : "shipped");
                    ps.setBigDecimal(4, java.math.BigDecimal.valueOf(rnd.nextInt(10_000_000), 2));
                    ps.setInt(5, 1 + rnd.nextInt(9));
                    ps.setString(6, i % 4 == 0 ? null : "note for order " + i);
                    ps.setObject(7, LocalDateTime.of(2024, 1, 1, 0, 0).plusSeconds(i));
                    ps.setBoolean(8, i % 2 == 0);
                    ps.setString(9, "SKU-" + (i % 5000));
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
        try (Connection c = sandbox.postgres().connect("bench"); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA bench");
            s.execute("CREATE TABLE bench.orders (id bigint PRIMARY KEY, customer_id numeric(20,0) NOT NULL, status text NOT NULL,"
                    + " total numeric(14,2) NOT NULL, qty integer NOT NULL, note varchar(200), ordered_at timestamp(3) NOT NULL,"
                    + " written_at timestamptz(6) NOT NULL, paid boolean NOT NULL, sku varchar(32) NOT NULL)");
        }
    }

    private static long write(Sandbox sandbox, int rows, int perSecond, int seconds) throws Exception {
        Random rnd = new Random(2);
        long interval = 1_000_000_000L / perSecond;
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long next = System.nanoTime();
        long tx = 0;
        long nextId = rows + 1L;
        try (Connection c = sandbox.mariadb().connect("bench");
             PreparedStatement insert = c.prepareStatement("INSERT INTO orders (id, customer_id, status, total, qty, ordered_at, paid, sku)"
                     + " VALUES (?, 1, 'new', 10.00, 1, NOW(3), 0, 'SKU-1')");
             PreparedStatement update = c.prepareStatement("UPDATE orders SET status = 'paid', qty = qty + 1, written_at = NOW(6) WHERE id = ?")) {
            while (System.nanoTime() < end) {
                if (rnd.nextBoolean()) {
                    insert.setLong(1, nextId++);
                    insert.executeUpdate();
                } else {
                    update.setLong(1, 1 + rnd.nextInt(rows));
                    update.executeUpdate();
                }
                tx++;
                next += interval;
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                }
            }
        }
        return tx;
    }

    static PipelineConfig config(Sandbox sandbox) throws Exception {
        Path file = sandbox.directory().resolve("bench.yaml");
        Files.writeString(file, """
                name: bench
                source: {kind: mariadb, host: 127.0.0.1, port: %d, user: ferry, password: bench-password, database: bench, serverId: 5999}
                target: {kind: postgresql, host: 127.0.0.1, port: %d, database: bench, user: postgres}
                kafka: {bootstrapServers: "%s", topicPrefix: bench, partitions: 3}
                apply: {batchSize: 5000, flushIntervalMs: 100}
                capture: {snapshotMode: initial}
                """.formatted(sandbox.mariadb().port(), sandbox.postgres().port(), sandbox.kafka().bootstrapServers()));
        return ConfigLoader.load(file);
    }

    static int intArg(String[] args, String name, int def) {
        int i = Arrays.asList(args).indexOf(name);
        return i >= 0 && i + 1 < args.length ? Integer.parseInt(args[i + 1]) : def;
    }
}
