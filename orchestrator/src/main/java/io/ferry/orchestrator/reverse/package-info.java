/**
 * Reverse replication, the way back of a migration after the flip (docs/rollback.md): the reverse pipeline derived
 * from the forward one ({@link io.ferry.orchestrator.reverse.ReversePipeline}, pure) and its run in the coordinator's
 * process with its slot, topics and consumer group ({@link io.ferry.orchestrator.reverse.ReverseReplication}). The
 * cutover and rollback steps that use it live in {@code cutover}; the SQL of the MySQL/MariaDB target in the
 * sink-applier's dialect package. Owns no user data and removes nothing of it.
 */
package io.ferry.orchestrator.reverse;
