package io.ferry.orchestrator.migration;

import java.time.Instant;

/** One line of the audit log: who moved the migration from which phase to which, when and why. */
public record Transition(String migration, MigrationPhase from, MigrationPhase to, String reason, String actor, long epoch, Instant at) {
}
