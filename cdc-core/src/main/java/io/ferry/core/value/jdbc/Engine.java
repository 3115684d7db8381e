package io.ferry.core.value.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The database engines the validator reads, each with its identifier quoting and JDBC value quirks: the session a
 * canonical read needs, and whether the driver streams a large result only inside a transaction.
 */
public enum Engine {
    /** Sessions in UTC by offset: TIMESTAMP values then read as UTC whatever the server's zone. */
    MYSQL('`', "SET time_zone = '+00:00'", false),
    /** The driver streams with a fetch size only inside a transaction. */
    POSTGRESQL('"', null, true);

    private final char quote;
    private final String sessionSetup;
    private final boolean streamsInTransactionOnly;

    Engine(char quote, String sessionSetup, boolean streamsInTransactionOnly) {
        this.quote = quote;
        this.sessionSetup = sessionSetup;
        this.streamsInTransactionOnly = streamsInTransactionOnly;
    }

    public String quote(String identifier) {
        String q = String.valueOf(quote);
        return q + identifier.replace(q, q + q) + q;
    }

    /**
     * A string literal: quotes doubled, and on MySQL/MariaDB (whose default sql_mode reads backslash escapes) backslashes
     * doubled too; PostgreSQL's standard_conforming_strings takes a backslash as it is.
     */
    public String literal(String text) {
        String escaped = this == MYSQL ? text.replace("\\", "\\\\") : text;
        return "'" + escaped.replace("'", "''") + "'";
    }

    /** Sets a session up for reading values in canonical form (MySQL's in UTC); nothing where none is needed. */
    public void prepareSession(Connection c) throws SQLException {
        if (sessionSetup != null) {
            try (Statement s = c.createStatement()) {
                s.execute(sessionSetup);
            }
        }
    }

    /** Whether the driver streams a result with a fetch size only inside a transaction (else it reads it whole). */
    public boolean streamsInTransactionOnly() {
        return streamsInTransactionOnly;
    }
}
