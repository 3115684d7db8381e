package io.ferry.validator.service;

import io.ferry.validator.Progress;
import io.ferry.validator.ValidationReport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The validator's meters (names and units in docs/metrics.md), fed by the {@link Progress} a run hands out when it
 * starts and by its report when it ends. Also keeps the newest finished report for the status page.
 */
public final class ValidatorMetrics {

    /** A finished run: its report and when it ended. */
    public record Finished(ValidationReport report, Instant at) {
    }

    private final AtomicReference<Progress> newest = new AtomicReference<>();
    private final AtomicReference<Finished> lastFinished = new AtomicReference<>();
    private final AtomicLong rowsOfFinishedRuns = new AtomicLong();
    private final AtomicLong segmentsOfFinishedRuns = new AtomicLong();
    private final Counter clean;
    private final Counter different;
    private final Counter failed;

    public ValidatorMetrics(MeterRegistry registry) {
        Gauge.builder("ferry_validator_rows_checked", newest, p -> p.get() == null ? 0 : p.get().checkedRows())
                .description("source rows checked by the newest run").register(registry);
        Gauge.builder("ferry_validator_rows_to_check", newest, p -> p.get() == null ? 0 : p.get().totalRows())
                .description("source rows the newest run checks in all").register(registry);
        Gauge.builder("ferry_validator_segments_done", newest, p -> p.get() == null ? 0 : p.get().segmentsDone())
                .description("segments the newest run has compared").register(registry);
        Gauge.builder("ferry_validator_eta_seconds", newest, p -> {
            Duration eta = p.get() == null ? null : p.get().eta();
            return eta == null ? Double.NaN : eta.toSeconds();
        }).description("time the newest run still needs at its rate so far").baseUnit("seconds").register(registry);
        FunctionCounter.builder("ferry_validator_checked_rows", this, m -> m.rowsOfFinishedRuns.get() + m.runningRows())
                .description("source rows checked over all runs").baseUnit("rows").register(registry);
        FunctionCounter.builder("ferry_validator_checked_segments", this, m -> m.segmentsOfFinishedRuns.get() + m.runningSegments())
                .description("segments compared over all runs").register(registry);
        Gauge.builder("ferry_validator_differences", lastFinished, f -> f.get() == null ? Double.NaN : f.get().report().differenceCount())
                .description("differences the last finished run found (0: source and target agree)").register(registry);
        Gauge.builder("ferry_validator_last_run_timestamp_seconds", lastFinished,
                        f -> f.get() == null ? Double.NaN : f.get().at().toEpochMilli() / 1000.0)
                .description("when the last run finished, Unix time").baseUnit("seconds").register(registry);
        clean = Counter.builder("ferry_validator_runs").tag("result", "clean").description("finished runs by result").register(registry);
        different = Counter.builder("ferry_validator_runs").tag("result", "differences").description("finished runs by result").register(registry);
        failed = Counter.builder("ferry_validator_runs").tag("result", "failed").description("finished runs by result").register(registry);
    }

    private long runningRows() {
        Progress p = newest.get();
        return p == null ? 0 : p.checkedRows();
    }

    private long runningSegments() {
        Progress p = newest.get();
        return p == null ? 0 : p.segmentsDone();
    }

    /** A run started and reports its progress through {@code p}. */
    public void started(Progress p) {
        Progress before = newest.getAndSet(p);
        if (before != null) {
            // the counters stay monotonic across runs
            rowsOfFinishedRuns.addAndGet(before.checkedRows());
            segmentsOfFinishedRuns.addAndGet(before.segmentsDone());
        }
    }

    public void finished(ValidationReport report) {
        lastFinished.set(new Finished(report, Instant.now()));
        (report.hasDifferences() ? different : clean).increment();
    }

    public void failed() {
        failed.increment();
    }

    /** The newest run's progress, or null before the first. */
    public Progress progress() {
        return newest.get();
    }

    /** The last finished run, or null. */
    public Finished lastFinished() {
        return lastFinished.get();
    }
}
