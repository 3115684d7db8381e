package io.ferry.apply.jdbc;

import io.ferry.apply.ApplyStoppedException;
import io.ferry.core.retry.ErrorClassifier;
import java.sql.SQLException;

/**
 * The applier's error classification for the {@link io.ferry.core.retry.RetryPolicy}: a lost connection, a server
 * shutting down, a serialization failure or deadlock ({@link SqlErrors}), a Kafka retriable exception or a
 * timeout waiting for the broker may pass; anything else, and a deliberate {@link ApplyStoppedException}, may not.
 * The first decisive error along the cause chain wins, so a wrapper does not hide what it wraps.
 */
public final class TargetErrors implements ErrorClassifier {

    @Override
    public boolean isRetriable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ApplyStoppedException) {
                return false;
            }
            if (t instanceof SQLException e) {
                return SqlErrors.classify(e) == SqlErrors.Kind.RETRIABLE;
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
