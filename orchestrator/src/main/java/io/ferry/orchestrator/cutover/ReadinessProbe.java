package io.ferry.orchestrator.cutover;

import io.ferry.orchestrator.migration.ReadinessSignals;

/** Measures what the readiness gate needs, now (lag, dead letters, last validation, services running). */
@FunctionalInterface
public interface ReadinessProbe {
    ReadinessSignals read() throws Exception;
}
