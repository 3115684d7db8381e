package io.ferry.apply.jdbc;

import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.sql.SQLRecoverableException;

/**
 * Sorts SQL errors by what to do about them, by SQLState class: lost connections, serialization
 * failures and deadlocks are retried; bad data and constraint violations make a poison record;
 * authentication, privilege and schema errors are permanent and stop the applier.
 */
public final class SqlErrors {

    public enum Kind { RETRIABLE, POISON, PERMANENT }

    private SqlErrors() {
    }

    public static Kind classify(SQLException e) {
        String state = e.getSQLState();
        if (e instanceof SQLTransientException || e instanceof SQLRecoverableException) {
            return Kind.RETRIABLE;
        }
        if (state == null || state.length() < 2) {
            return Kind.RETRIABLE; // an I/O failure inside the driver carries no state
        }
        String cls = state.substring(0, 2);
        return switch (cls) {
            case "08", "53" -> Kind.RETRIABLE; // connection, insufficient resources (too many connections)
            // The server shutting down or starting (57P01-03) passes; a cancelled query or a dropped database does not.
            case "57" -> state.startsWith("57P0") && state.compareTo("57P03") <= 0 ? Kind.RETRIABLE : Kind.PERMANENT;
            case "40" -> state.equals("40002") ? Kind.POISON : Kind.RETRIABLE; // 40001 serialization, 40P01 deadlock
            case "22", "23" -> Kind.POISON; // data exception, integrity violation
            case "42" -> state.equals("42804") || state.equals("42846") ? Kind.POISON : Kind.PERMANENT; // datatype mismatch vs privilege/undefined objects
            default -> Kind.PERMANENT;
        };
    }
}
