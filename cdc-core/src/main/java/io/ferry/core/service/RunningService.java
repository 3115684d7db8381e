package io.ferry.core.service;

/** A started Ferry service (capture, applier) that may stop on its own with a failure. */
public interface RunningService extends AutoCloseable {

    /** Why the service stopped on its own, or null while it runs or after a clean stop. */
    Throwable failure();

    @Override
    void close();
}
