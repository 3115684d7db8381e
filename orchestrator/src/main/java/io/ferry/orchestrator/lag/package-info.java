/**
 * Lag and readiness on lag: sliding windows of source-commit to target-commit lag per table
 * ({@link io.ferry.orchestrator.lag.LagWindow}, {@link io.ferry.orchestrator.lag.TableLags}), their report, and the
 * lag gate that a cutover pre-check consults ({@link io.ferry.orchestrator.lag.LagGate}). Measures and judges only:
 * it does no I/O of its own and never changes a migration's phase.
 */
package io.ferry.orchestrator.lag;
