package io.ferry.capture.registry;

import java.util.Set;

/**
 * The life of one capture engine of the registry.
 *
 * <pre>
 *   STARTING --> RUNNING --> STOPPED
 *      |  ^         |
 *      |  +---------+  (restart: a new config)
 *      v            v
 *    FAILED  <------+       FAILED --> STARTING (its file changed), STOPPED (its file is gone)
 * </pre>
 */
public enum EngineState {
    STARTING, RUNNING, FAILED, STOPPED;

    private Set<EngineState> next() {
        return switch (this) {
            case STARTING -> Set.of(RUNNING, FAILED, STOPPED, STARTING);
            case RUNNING -> Set.of(STARTING, FAILED, STOPPED);
            case FAILED -> Set.of(STARTING, STOPPED);
            case STOPPED -> Set.of();
        };
    }

    /** @throws IllegalStateException naming both states when {@code to} may not follow this one */
    EngineState to(EngineState to) {
        if (!next().contains(to)) {
            throw new IllegalStateException("a capture engine cannot go from " + this + " to " + to);
        }
        return to;
    }
}
