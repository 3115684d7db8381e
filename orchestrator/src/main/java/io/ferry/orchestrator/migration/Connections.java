package io.ferry.orchestrator.migration;

import java.sql.Connection;
import java.sql.SQLException;

/** Opens a new connection to one database; the caller closes it. */
@FunctionalInterface
public interface Connections {
    Connection open() throws SQLException;
}
