package io.ferry.core.config;

/** Defaults shared by the long-running services (capture, applier). */
public final class ServiceDefaults {

    /** How long a stop may take before a service abandons what is left and exits. */
    public static final long SHUTDOWN_TIMEOUT_MS = 30_000;

    private ServiceDefaults() {
    }
}
