package io.ferry.validator;

import io.ferry.core.value.jdbc.Engine;
import io.ferry.validator.sql.HashSql;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** One side of a comparison: an engine and how to open a connection to it. */
public record Side(String label, Engine engine, ConnectionFactory connections) {

    /** Opens a connection; the validator closes it. */
    @FunctionalInterface
    public interface ConnectionFactory {
        Connection open() throws SQLException;
    }

    public HashSql dialect() {
        return HashSql.of(engine);
    }

    /** A connection set up for reading canonical values (MySQL sessions in UTC). */
    public Connection open() throws SQLException {
        Connection c = connections.open();
        if (engine == Engine.MYSQL) {
            try (Statement s = c.createStatement()) {
                s.execute("SET time_zone = '+00:00'");
            }
        }
        return c;
    }
}
