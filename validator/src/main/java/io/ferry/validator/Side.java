package io.ferry.validator;

import io.ferry.core.value.jdbc.Engine;
import io.ferry.validator.sql.HashSql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/** One side of a comparison: source or target, its engine, and how to open a connection to it. */
public record Side(Role role, Engine engine, ConnectionFactory connections) {

    /** Which side: it decides which table and column names the side's SQL uses. */
    public enum Role { SOURCE, TARGET }

    /** Opens a connection; the validator closes it. */
    @FunctionalInterface
    public interface ConnectionFactory {
        Connection open() throws SQLException;
    }

    public Side {
        if (role == Role.TARGET && engine != Engine.POSTGRESQL) {
            throw new IllegalArgumentException("the target of a comparison is PostgreSQL, not " + engine);
        }
    }

    public static Side source(Engine engine, ConnectionFactory connections) {
        return new Side(Role.SOURCE, engine, connections);
    }

    public static Side target(ConnectionFactory connections) {
        return new Side(Role.TARGET, Engine.POSTGRESQL, connections);
    }

    public String label() {
        return role.name().toLowerCase(Locale.ROOT);
    }

    public HashSql dialect() {
        return HashSql.of(engine, role);
    }

    /** A connection set up for reading canonical values (MySQL sessions in UTC). */
    public Connection open() throws SQLException {
        Connection c = connections.open();
        engine.prepareSession(c);
        return c;
    }
}
