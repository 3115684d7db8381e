package io.ferry.orchestrator.demo;

import io.ferry.orchestrator.migration.Routing;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The application that keeps writing while Ferry moves its database: new orders with their lines, status and price
 * updates, multi-row statements, deletes, a primary key change, and rows inserted and deleted again in one
 * transaction. Each call is one transaction, on MariaDB before the flip and on PostgreSQL after it: the few
 * statements whose SQL differs (JSON functions, the current time) have a variant per side. The ledger keeps each
 * order's last acknowledged status ({@code orders/<id>}).
 */
public final class ShopWriter implements RoutedWriter.Workload {

    private final ShopDatabase.Size size;
    private final Random rnd;
    private final AtomicLong steps = new AtomicLong();
    private final AtomicLong nextOrderId;
    private final AtomicLong nextProductId;

    public ShopWriter(ShopDatabase.Size size, long seed) {
        this.size = size;
        this.rnd = new Random(seed);
        this.nextOrderId = new AtomicLong(size.orders() + 1L);
        this.nextProductId = new AtomicLong(size.products() + 1_000_000L);
    }

    /** The ledger key of an order. */
    public static String orderKey(long id) {
        return "orders/" + id;
    }

    @Override
    public Map<String, String> step(Connection c, Routing.Side side) throws SQLException {
        boolean pg = side == Routing.Side.TARGET;
        String now6 = pg ? "LOCALTIMESTAMP" : "NOW(6)";
        Map<String, String> changes = new HashMap<>();
        int dice = rnd.nextInt(100);
        long n = steps.incrementAndGet();
        if (dice < 30) {
            newOrder(c, pg, changes);
        } else if (dice < 50) {
            long id = randomOrder();
            String status = new String[] {"paid", "shipped", "cancelled"}[rnd.nextInt(3)];
            if (exec(c, "UPDATE orders SET status = ?, total = total + 1.25 WHERE id = ?", status, id) == 1) {
                changes.put(orderKey(id), status);
            }
        } else if (dice < 60) {
            String profile = pg ? "jsonb_set(COALESCE(profile, '{}'::jsonb), '{visits}', to_jsonb(?::int))"
                    : "JSON_SET(COALESCE(profile, '{}'), '$.visits', ?)";
            exec(c, "UPDATE customers SET name = CONCAT(name, ?), tier = ?, active = NOT active, profile = " + profile + " WHERE id = ?",
                    "·", new String[] {"bronze", "silver", "gold"}[rnd.nextInt(3)], rnd.nextInt(1000), 1 + rnd.nextInt(size.customers()));
        } else if (dice < 70) {
            // a multi-row statement: several row changes at one binlog position
            exec(c, "UPDATE order_lines SET quantity = quantity + 1 WHERE order_id = ?", randomOrder());
        } else if (dice < 78) {
            long id = randomOrder();
            exec(c, "DELETE FROM order_lines WHERE order_id = ?", id);
            exec(c, "DELETE FROM orders WHERE id = ?", id);
            changes.put(orderKey(id), WriteLedger.ABSENT);
        } else if (dice < 84) {
            changeProductKey(c);
        } else if (dice < 90) {
            int from = 1 + rnd.nextInt(size.products());
            exec(c, "UPDATE products SET price = price + 0.01, weight_kg = NULL WHERE id BETWEEN ? AND ?", from, from + 10);
        } else if (dice < 95) {
            // inserted and deleted in one transaction: the target must end without it
            long id = 10_000_000L + n * 2 + (pg ? 1 : 0);
            exec(c, "INSERT INTO customers (id, email, name, created_at) VALUES (?, ?, 'ephemeral', " + now6 + ")", id, "tmp" + id + "@example.com");
            exec(c, "DELETE FROM customers WHERE id = ?", id);
        } else {
            // the key comes from the source's AUTO_INCREMENT, after the flip from the sequence the cutover's fix-ups set
            exec(c, "INSERT INTO customers (email, name, active, tier, profile, created_at) VALUES (?, ?, ?, 'gold', "
                    + (pg ? "?::jsonb" : "?") + ", " + now6 + ")",
                    "new" + rnd.nextInt(1_000_000) + "@example.com", "New Customer", true, "{\"source\": \"live\", \"n\": 12345678901234567890}");
        }
        return changes;
    }

    private void newOrder(Connection c, boolean pg, Map<String, String> changes) throws SQLException {
        long id = nextOrderId.getAndIncrement();
        exec(c, "INSERT INTO orders (id, customer_id, status, total, ordered_at, note) VALUES (?, ?, 'new', ?, "
                        + (pg ? "LOCALTIMESTAMP(3)" : "NOW(3)") + ", ?)",
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
        changes.put(orderKey(id), "new");
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

    private static int exec(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        }
    }
}
