package io.ferry.orchestrator.migration;

import java.time.Instant;

/**
 * One migration's row in {@code ferry.migrations}.
 *
 * @param watermark   the source position recorded at the last freeze, or null
 * @param lastCutover the last cutover's report as JSON (steps and their measured times), or null
 * @param freezeState what the freeze strategy needs to undo itself after a restart, or null
 */
public record MigrationState(String name, MigrationPhase phase, long epoch, Routing routing, String watermark,
                             String lastCutover, String freezeState, Instant updatedAt) {
}
