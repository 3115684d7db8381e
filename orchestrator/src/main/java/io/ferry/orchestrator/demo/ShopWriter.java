package io.ferry.orchestrator.demo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The application that keeps writing while Ferry moves its database: new orders with their lines,
 * status and price updates, multi-row statements, deletes, a primary key change, and rows inserted
 * and deleted again in one transaction. Each operation is one transaction.
 */
public final class ShopWriter implements Runnable {

    private final Supplier<Connection> connections;
    private final ShopDatabase.Size size;
    private final int opsPerSecond;
    private final Random rnd;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong transactions = new AtomicLong();
    private final AtomicLong nextOrderId;
    private final AtomicLong nextProductId;
    private volatile Throwable failure;

    public ShopWriter(Supplier<Connection> connections, ShopDatabase.Size size, int opsPerSecond, long seed) {
        this.connections = connections;
        this.size = size;
        this.opsPerSecond = opsPerSecond;
        this.rnd = new Random(seed);
        this.nextOrderId = new AtomicLong(size.orders() + 1L);
        this.nextProductId = new AtomicLong(size.products() + 1_000_000L);
    }

    @Override
    public void run() {
        long intervalNanos = opsPerSecond <= 0 ? 0 : 1_000_000_000L / opsPerSecond;
        long next = System.nanoTime();
        try (Connection c = connections.get()) {
            c.setAutoCommit(false);
            while (running.get()) {
                step(c);
                c.commit();
                transactions.incrementAndGet();
                if (intervalNanos > 0) {
                    next += intervalNanos;
                    long sleep = next - System.nanoTime();
                    if (sleep > 0) {
                        Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            failure = t;
        }
    }

    public void stop() {
        running.set(false);
    }

    public long transactions() {
        return transactions.get();
    }

    public Throwable failure() {
        return failure;
    }

    void step(Connection c) throws SQLException {
        int dice = rnd.nextInt(100);
        if (dice < 30) {
            newOrder(c);
        } else if (dice < 50) {
            exec(c, "UPDATE orders SET status = ?, total = total + 1.25 WHERE id = ?",
                    new String[] {"paid", "shipped", "cancelled"}[rnd.nextInt(3)], randomOrder());
        } else if (dice < 60) {
            exec(c, "UPDATE customers SET name = CONCAT(name, ?), tier = ?, active = NOT active,"
                    + " profile = JSON_SET(COALESCE(profile, '{}'), '$.visits', ?) WHERE id = ?",
                    "·", new String[] {"bronze", "silver", "gold"}[rnd.nextInt(3)], rnd.nextInt(1000), 1 + rnd.nextInt(size.customers()));
        } else if (dice < 70) {
            // a multi-row statement: several row changes at one binlog position
            exec(c, "UPDATE order_lines SET quantity = quantity + 1 WHERE order_id = ?", randomOrder());
        } else if (dice < 78) {
            long id = randomOrder();
            exec(c, "DELETE FROM order_lines WHERE order_id = ?", id);
            exec(c, "DELETE FROM orders WHERE id = ?", id);
        } else if (dice < 84) {
            changeProductKey(c);
        } else if (dice < 90) {
            int from = 1 + rnd.nextInt(size.products());
            exec(c, "UPDATE products SET price = price + 0.01, weight_kg = NULL WHERE id BETWEEN ? AND ?", from, from + 10);
        } else if (dice < 95) {
            // inserted and deleted in one transaction: the target must end without it
            long id = 10_000_000L + transactions.get();
            exec(c, "INSERT INTO customers (id, email, name, created_at) VALUES (?, ?, 'ephemeral', NOW(6))", id, "tmp" + id + "@example.com");
            exec(c, "DELETE FROM customers WHERE id = ?", id);
        } else {
            exec(c, "INSERT INTO customers (email, name, active, tier, profile, created_at) VALUES (?, ?, 1, 'gold', ?, NOW(6))",
                    "new" + rnd.nextInt(1_000_000) + "@example.com", "New Customer", "{\"source\": \"live\", \"n\": 12345678901234567890}");
        }
    }

    private void newOrder(Connection c) throws SQLException {
        long id = nextOrderId.getAndIncrement();
        exec(c, "INSERT INTO orders (id, customer_id, status, total, ordered_at, note) VALUES (?, ?, 'new', ?, NOW(3), ?)",
                id, 1 + rnd.nextInt(size.customers()), ShopDatabase.money(rnd, 1_000_000), rnd.nextBoolean() ? null : "live order");
        int lines = 1 + rnd.nextInt(3);
        StringBuilder sql = new StringBuilder("INSERT INTO order_lines (order_id, line_no, product_id, quantity, unit_price) VALUES ");
        for (int l = 1; l <= lines; l++) {
            sql.append(l > 1 ? ", " : "").append("(").append(id).append(", ").append(l).append(", ")
                    .append(1 + rnd.nextInt(size.products())).append(", ").append(1 + rnd.nextInt(9)).append(", ")
                    .append(ShopDatabase.money(rnd, 50_000).toPlainString()).append(")");
        }
        try (Statement s = c.createStatement()) {
            s.executeUpdate(sql.toString()); // one multi-row INSERT
        }
    }

    /** A primary key update: Debezium turns it into a delete of the old key and a create of the new one. */
    private void changeProductKey(Connection c) throws SQLException {
        int old = 1 + rnd.nextInt(size.products());
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM products WHERE id = ?")) {
            ps.setInt(1, old);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return;
                }
            }
        }
        exec(c, "UPDATE products SET id = ? WHERE id = ?", nextProductId.getAndIncrement(), old);
    }

    private long randomOrder() {
        return 1 + (long) rnd.nextInt((int) Math.min(Integer.MAX_VALUE, nextOrderId.get() - 1));
    }

    private static void exec(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        }
    }
}
