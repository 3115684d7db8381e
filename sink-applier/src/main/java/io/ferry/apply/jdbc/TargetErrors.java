package io.ferry.apply.jdbc;

import io.ferry.apply.ApplyStoppedException;
import io.ferry.apply.dialect.SqlErrorKind;
import io.ferry.apply.dialect.TargetDialect;
import io.ferry.core.retry.ErrorClassifier;
import java.sql.SQLException;

/**
 * The applier's error classification for the {@link io.ferry.core.retry.RetryPolicy}: a lost connection, a server
 * shutting down, a serialization failure or deadlock (as the target's {@link TargetDialect} classifies them), a Kafka retriable exception or a
 * timeout waiting for the broker may pass; anything else, and a deliberate {@link ApplyStoppedException}, may not.
 * The first decisive error along the cause chain wins, so a wrapper does not hide what it wraps.
 */
public final class TargetErrors implements ErrorClassifier {

    private final TargetDialect dialect;

    public TargetErrors(TargetDialect dialect) {
        this.dialect = dialect;
    }

    @Override
    public boolean isRetriable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ApplyStoppedException) {
                return false;
            }
            if (t instanceof SQLException e) {
                return dialect.classify(e) == SqlErrorKind.RETRIABLE;
            }
            if (t instanceof org.apache.kafka.common.errors.RetriableException
                    || t instanceof org.apache.kafka.common.errors.TimeoutException
                    || t instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
        }
        return false;
    }
}
