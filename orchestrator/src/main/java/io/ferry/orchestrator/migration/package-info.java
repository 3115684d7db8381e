/**
 * The migration as a persisted state machine: its phases and their allowed moves ({@link
 * io.ferry.orchestrator.migration.MigrationPhase}), the store in the target's {@code ferry} schema with epoch
 * fencing, the audit log and the routing. Owns no cutover logic and talks to no source database.
 */
package io.ferry.orchestrator.migration;
