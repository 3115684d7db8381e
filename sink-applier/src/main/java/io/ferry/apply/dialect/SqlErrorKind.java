package io.ferry.apply.dialect;

/**
 * What to do about an SQL error the target raised: retry it (a lost connection, a server shutting down, a
 * serialization failure or deadlock), park the record that caused it (bad data, a constraint violation), or stop
 * (authentication, privileges, missing objects). Each {@link TargetDialect} sorts its engine's errors into these.
 */
public enum SqlErrorKind {
    RETRIABLE, POISON, PERMANENT
}
