package io.ferry.orchestrator.it;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A writer for crash tests. Every row carries a version that only grows, so a target row that goes
 * back to an older version is detectable; ids are never reused (a key change moves a row to a fresh id).
 * The mix has multi-row INSERT and UPDATE statements (several rows at one binlog position), primary
 * key changes, deletes, and rows inserted and deleted in one transaction.
 */
final class LedgerWorkload implements Runnable {

    static final String TABLE = "ledger";

    private final PipelineFixture fixture;
    private final Random rnd = new Random(11);
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong nextId;
    private final AtomicLong transactions = new AtomicLong();
    private volatile Throwable failure;

    LedgerWorkload(PipelineFixture fixture, long initialRows) {
        this.fixture = fixture;
        this.nextId = new AtomicLong(initialRows + 1);
    }

    static void create(PipelineFixture f, int rows) throws SQLException {
        f.sourceSql("CREATE TABLE ledger (id BIGINT NOT NULL PRIMARY KEY, version INT NOT NULL, amount DECIMAL(12,2) NOT NULL,"
                + " note VARCHAR(100) NULL, updated DATETIME(6) NOT NULL, flag TINYINT(1) NOT NULL DEFAULT 0)");
        f.targetSql("CREATE SCHEMA IF NOT EXISTS app",
                "CREATE TABLE app.ledger (id bigint PRIMARY KEY, version integer NOT NULL, amount numeric(12,2) NOT NULL,"
                + " note varchar(100), updated timestamp(6) NOT NULL, flag boolean NOT NULL)");
        try (Connection c = f.source()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ledger (id, version, amount, note, updated) VALUES (?, 1, ?, ?, NOW(6))")) {
                for (int i = 1; i <= rows; i++) {
                    ps.setLong(1, i);
                    ps.setBigDecimal(2, java.math.BigDecimal.valueOf(i, 2));
                    ps.setString(3, i % 3 == 0 ? null : "row " + i);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
        }
    }

    @Override
    public void run() {
        try (Connection c = fixture.source()) {
            c.setAutoCommit(false);
            while (running.get()) {
                step(c);
                c.commit();
                transactions.incrementAndGet();
                Thread.sleep(4);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            failure = t;
        }
    }

    private void step(Connection c) throws SQLException {
        long max = nextId.get() - 1;
        int dice = rnd.nextInt(100);
        try (Statement s = c.createStatement()) {
            if (dice < 25) {
                StringBuilder sql = new StringBuilder("INSERT INTO ledger (id, version, amount, note, updated) VALUES ");
                int n = 1 + rnd.nextInt(5);
                for (int i = 0; i < n; i++) {
                    sql.append(i > 0 ? ", " : "").append("(").append(nextId.getAndIncrement()).append(", 1, ")
                            .append(rnd.nextInt(100_000)).append(".25, 'new', NOW(6))");
                }
                s.executeUpdate(sql.toString());
            } else if (dice < 60) {
                long from = 1 + (long) rnd.nextInt((int) max);
                s.executeUpdate("UPDATE ledger SET version = version + 1, amount = amount + 1, flag = NOT flag, updated = NOW(6)"
                        + " WHERE id BETWEEN " + from + " AND " + (from + 9));
            } else if (dice < 75) {
                long id = 1 + (long) rnd.nextInt((int) max);
                s.executeUpdate("UPDATE ledger SET version = version + 1, note = 'single' WHERE id = " + id);
            } else if (dice < 85) {
                long id = 1 + (long) rnd.nextInt((int) max);
                s.executeUpdate("UPDATE ledger SET id = " + nextId.getAndIncrement() + ", version = version + 1 WHERE id = " + id);
            } else if (dice < 93) {
                long id = 1 + (long) rnd.nextInt((int) max);
                s.executeUpdate("DELETE FROM ledger WHERE id = " + id);
            } else {
                long id = nextId.getAndIncrement();
                s.executeUpdate("INSERT INTO ledger (id, version, amount, updated) VALUES (" + id + ", 1, 1, NOW(6))");
                s.executeUpdate("UPDATE ledger SET version = 2 WHERE id = " + id);
                s.executeUpdate("DELETE FROM ledger WHERE id = " + id);
            }
        }
    }

    void stop() {
        running.set(false);
    }

    long transactions() {
        return transactions.get();
    }

    Throwable failure() {
        return failure;
    }
}
