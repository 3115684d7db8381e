package io.ferry.core.retry;

/**
 * Sorts an error met while talking to a server: worth another attempt (the server is away or busy) or not
 * (wrong password, missing privilege, missing table, bad data), as Kafka Streams' exception handlers decide
 * per error rather than per call site.
 */
@FunctionalInterface
public interface ErrorClassifier {

    /** Whether {@code error} may go away by itself, so that trying again later can succeed. */
    boolean isRetriable(Throwable error);
}
