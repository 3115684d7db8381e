package io.ferry.orchestrator.migration;

import java.time.Duration;

/**
 * What the readiness gate looks at, measured at one moment.
 *
 * @param lag              the time from a source commit to its target commit (p99 over the recent window), or
 *                         null when unknown
 * @param lagSteadyFor     how long lag has stayed under the threshold
 * @param deadLetters      dead-letter records of this pipeline in {@code _ferry.dlq}
 * @param validationClean  whether the last live validation since STREAMING began was clean; null when none ran
 * @param captureRunning   whether capture is running
 * @param applierRunning   whether the applier is running
 */
public record ReadinessSignals(Duration lag, Duration lagSteadyFor, long deadLetters, Boolean validationClean,
                               boolean captureRunning, boolean applierRunning) {
}
