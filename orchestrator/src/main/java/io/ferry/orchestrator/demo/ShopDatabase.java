package io.ferry.orchestrator.demo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Random;

/**
 * The demo's sample shop: customers, products, orders and order lines in MariaDB, with the types a
 * real shop has (unsigned BIGINT, DECIMAL, DATETIME and TIMESTAMP with fractions, TINYINT(1), JSON,
 * ENUM, BLOB). Its PostgreSQL tables are planned from MariaDB's catalog ({@code ferry schema}).
 */
public final class ShopDatabase {

    public static final List<String> TABLES = List.of("customers", "products", "orders", "order_lines");

    private static final String[] MARIADB_DDL = {
        "CREATE TABLE customers ("
            + " id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,"
            + " email VARCHAR(190) NOT NULL,"
            + " name VARCHAR(100) NOT NULL,"
            + " active TINYINT(1) NOT NULL DEFAULT 1,"
            + " tier ENUM('bronze','silver','gold') NOT NULL DEFAULT 'bronze',"
            + " profile JSON NULL,"
            + " created_at DATETIME(6) NOT NULL,"
            + " updated_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)"
            + ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4",
        "CREATE TABLE products ("
            + " id INT NOT NULL PRIMARY KEY,"
            + " sku VARCHAR(32) NOT NULL,"
            + " name VARCHAR(200) NOT NULL,"
            + " price DECIMAL(12,2) NOT NULL,"
            + " weight_kg DECIMAL(8,3) NULL,"
            + " thumbnail BLOB NULL,"
            + " released_on DATE NULL"
            + ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4",
        "CREATE TABLE orders ("
            + " id BIGINT NOT NULL PRIMARY KEY,"
            + " customer_id BIGINT UNSIGNED NOT NULL,"
            + " status ENUM('new','paid','shipped','cancelled') NOT NULL,"
            + " total DECIMAL(14,2) NOT NULL,"
            + " ordered_at DATETIME(3) NOT NULL,"
            + " note TEXT NULL"
            + ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4",
        "CREATE TABLE order_lines ("
            + " order_id BIGINT NOT NULL,"
            + " line_no SMALLINT NOT NULL,"
            + " product_id INT NOT NULL,"
            + " quantity INT NOT NULL,"
            + " unit_price DECIMAL(12,2) NOT NULL,"
            + " PRIMARY KEY (order_id, line_no)"
            + ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4",
    };

    private static final String[] FIRST = {"Ana", "Bjørn", "Chloé", "Dmitri", "Eun-ji", "Farah", "Gustavo", "Hiroshi", "Ines", "José"};
    private static final String[] LAST = {"Silva", "Müller", "Nakamura", "O'Brien", "Kowalski", "Nguyễn", "Smith", "Øvergaard", "李", "García"};

    /** Row counts of the initial load. */
    public record Size(int customers, int products, int orders, int linesPerOrder) {
        public static final Size DEMO = new Size(20_000, 2_000, 60_000, 2);

        public long totalRows() {
            return (long) customers + products + orders + (long) orders * linesPerOrder;
        }
    }

    private ShopDatabase() {
    }

    public static void createSource(Connection mariadb, String database) throws SQLException {
        try (Statement s = mariadb.createStatement()) {
            s.execute("CREATE DATABASE IF NOT EXISTS `" + database + "` CHARACTER SET utf8mb4");
            s.execute("USE `" + database + "`");
            for (String ddl : MARIADB_DDL) {
                s.execute(ddl);
            }
        }
    }

    /** Loads the sample rows, deterministically, in batches of a few thousand per transaction. */
    public static void load(Connection c, Size size) throws SQLException {
        Random rnd = new Random(42);
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO customers (id, email, name, active, tier, profile, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                for (int i = 1; i <= size.customers(); i++) {
                    bindCustomer(ps, i, rnd);
                    ps.addBatch();
                    flushEvery(ps, c, i);
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO products (id, sku, name, price, weight_kg, thumbnail, released_on) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                for (int i = 1; i <= size.products(); i++) {
                    ps.setInt(1, i);
                    ps.setString(2, "SKU-" + i);
                    ps.setString(3, "Product " + i + (i % 7 == 0 ? " \u2013 édition spéciale" : ""));
                    ps.setBigDecimal(4, money(rnd, 100_000));
                    ps.setBigDecimal(5, i % 5 == 0 ? null : java.math.BigDecimal.valueOf(rnd.nextInt(100_000), 3));
                    ps.setBytes(6, i % 3 == 0 ? null : thumbnail(rnd));
                    ps.setObject(7, i % 4 == 0 ? null : LocalDate.of(2015, 1, 1).plusDays(rnd.nextInt(3650)));
                    ps.addBatch();
                    flushEvery(ps, c, i);
                }
                ps.executeBatch();
            }
            try (PreparedStatement order = c.prepareStatement(
                    "INSERT INTO orders (id, customer_id, status, total, ordered_at, note) VALUES (?, ?, ?, ?, ?, ?)");
                 PreparedStatement line = c.prepareStatement(
                    "INSERT INTO order_lines (order_id, line_no, product_id, quantity, unit_price) VALUES (?, ?, ?, ?, ?)")) {
                for (int i = 1; i <= size.orders(); i++) {
                    bindOrder(order, i, rnd, size);
                    order.addBatch();
                    for (int l = 1; l <= size.linesPerOrder(); l++) {
                        bindLine(line, i, l, rnd, size);
                        line.addBatch();
                    }
                    if (i % 2000 == 0) {
                        order.executeBatch();
                        line.executeBatch();
                        c.commit();
                    }
                }
                order.executeBatch();
                line.executeBatch();
            }
            c.commit();
        } finally {
            c.setAutoCommit(auto);
        }
    }

    static void bindCustomer(PreparedStatement ps, long id, Random rnd) throws SQLException {
        String first = FIRST[rnd.nextInt(FIRST.length)];
        String last = LAST[rnd.nextInt(LAST.length)];
        ps.setLong(1, id);
        ps.setString(2, "customer" + id + "@example.com");
        ps.setString(3, first + " " + last);
        ps.setBoolean(4, rnd.nextInt(10) != 0);
        ps.setString(5, new String[] {"bronze", "silver", "gold"}[rnd.nextInt(3)]);
        ps.setString(6, rnd.nextInt(4) == 0 ? null
                : "{\"lang\": \"" + (rnd.nextBoolean() ? "en" : "pt-BR") + "\", \"newsletter\": " + rnd.nextBoolean()
                + ", \"score\": " + rnd.nextInt(1000) + ".50, \"nick\": \"" + first + " \ud83d\ude80\"}");
        ps.setObject(7, LocalDateTime.of(2020, 1, 1, 0, 0).plusSeconds(rnd.nextInt(150_000_000)).plusNanos(rnd.nextInt(1_000_000) * 1000L));
    }

    static void bindOrder(PreparedStatement ps, long id, Random rnd, Size size) throws SQLException {
        ps.setLong(1, id);
        ps.setLong(2, 1 + rnd.nextInt(size.customers()));
        ps.setString(3, new String[] {"new", "paid", "shipped", "cancelled"}[rnd.nextInt(4)]);
        ps.setBigDecimal(4, money(rnd, 1_000_000));
        ps.setTimestamp(5, Timestamp.valueOf(LocalDateTime.of(2023, 1, 1, 0, 0).plusSeconds(rnd.nextInt(60_000_000)).plusNanos(rnd.nextInt(1000) * 1_000_000L)));
        ps.setString(6, rnd.nextInt(5) == 0 ? "deliver to the back door; ring twice" : null);
    }

    static void bindLine(PreparedStatement ps, long orderId, int lineNo, Random rnd, Size size) throws SQLException {
        ps.setLong(1, orderId);
        ps.setInt(2, lineNo);
        ps.setInt(3, 1 + rnd.nextInt(size.products()));
        ps.setInt(4, 1 + rnd.nextInt(5));
        ps.setBigDecimal(5, money(rnd, 50_000));
    }

    static java.math.BigDecimal money(Random rnd, int maxCents) {
        return java.math.BigDecimal.valueOf(rnd.nextInt(maxCents), 2);
    }

    static byte[] thumbnail(Random rnd) {
        byte[] b = new byte[16 + rnd.nextInt(48)];
        rnd.nextBytes(b);
        b[0] = 0; // binary values with zero bytes must survive
        return b;
    }

    private static void flushEvery(PreparedStatement ps, Connection c, int i) throws SQLException {
        if (i % 5000 == 0) {
            ps.executeBatch();
            c.commit();
        }
    }
}
