/**
 * The cutover as named steps, each with a dry-run twin ({@link io.ferry.orchestrator.cutover.CutoverStep}), run by
 * {@link io.ferry.orchestrator.cutover.Cutover} under a freeze budget, and the freeze strategies. Owns the order of
 * the protocol and its rollback; the phase rules and their persistence belong to {@code migration}.
 */
package io.ferry.orchestrator.cutover;
