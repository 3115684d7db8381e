package io.ferry.core.schema.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;

/**
 * Creates Ferry's bookkeeping schema {@code ferry} and its tables on a PostgreSQL target: the one place that runs
 * their {@code CREATE ... IF NOT EXISTS}. Capture's bulk load, the applier and the coordinator create their tables
 * at start, often at the same moment, and PostgreSQL's {@code IF NOT EXISTS} is not safe against a concurrent
 * creation of the same object: the loser fails with a unique violation on the catalog ({@code 23505}) or a
 * duplicate object error ({@code 42P06}, {@code 42P07}). The object exists then, so the statement is run again,
 * and this time it finds it.
 */
public final class FerrySchema {

    /** unique_violation (on pg_namespace or pg_type), duplicate_schema, duplicate_table, duplicate_object. */
    private static final Set<String> CREATED_CONCURRENTLY = Set.of("23505", "42P06", "42P07", "42710");
    private static final int ATTEMPTS = 3;

    private FerrySchema() {
    }

    /**
     * Creates the {@code ferry} schema, then runs each statement (each a {@code CREATE ... IF NOT EXISTS}), each in a
     * transaction of its own; the connection's auto-commit mode is restored afterwards.
     */
    public static void ensure(Connection c, String... createStatements) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            run(s, "CREATE SCHEMA IF NOT EXISTS ferry");
            for (String sql : createStatements) {
                run(s, sql);
            }
        } finally {
            c.setAutoCommit(auto);
        }
    }

    private static void run(Statement s, String sql) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                s.execute(sql);
                return;
            } catch (SQLException e) {
                if (attempt >= ATTEMPTS || !CREATED_CONCURRENTLY.contains(e.getSQLState())) {
                    throw e;
                }
            }
        }
    }
}
