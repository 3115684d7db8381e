package io.ferry.orchestrator.migration;

import java.sql.Connection;
import java.sql.SQLException;

/** Opens a new connection to one database; the caller closes it. */
@FunctionalInterface
public interface Connections {
    Connection open() throws SQLException;

    /**
     * These connections for a caller that takes a plain supplier: a failure to connect is an IllegalStateException
     * saying {@code cannot connect to <what>} and the driver's message.
     */
    default java.util.function.Supplier<Connection> unchecked(String what) {
        return () -> {
            try {
                return open();
            } catch (SQLException e) {
                throw new IllegalStateException("cannot connect to " + what + ": " + e.getMessage(), e);
            }
        };
    }
}
