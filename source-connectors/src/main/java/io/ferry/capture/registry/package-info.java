/**
 * Capture driven by folders: the pipeline files of {@code config/pipelines/} (naming connectors of
 * {@code config/connectors/}) decide which capture engines run. {@link io.ferry.capture.registry.CaptureReconciler}
 * is the pure decision (desired files against running engines); {@link io.ferry.capture.registry.CaptureRegistry}
 * polls the folders and carries the decisions out. Must not hold capture logic itself: each engine is a
 * {@link io.ferry.capture.CaptureService}.
 */
package io.ferry.capture.registry;
