package io.ferry.orchestrator.cutover;

import io.ferry.validator.ValidationReport;
import io.ferry.validator.service.RunRequest;
import io.ferry.validator.service.ValidationJob;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live validation passes over the whole pipeline, one after another with a pause between them, keeping the last
 * clean one (with the change topics' end offsets taken before it began) for the final validation, and whether the
 * last pass was clean for the readiness gate. Passes start once they are due ({@link #onlyWhen}): not while the first
 * copy runs, whose target is partly filled (and, copied in bulk, has no primary key yet to compare rows by).
 */
public final class LiveValidations implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveValidations.class);

    /** How often a loop waiting for its first due pass asks again. */
    static final long DUE_POLL_MILLIS = 1000;

    private final ValidationJob validation;
    private final Callable<Map<org.apache.kafka.common.TopicPartition, Long>> endOffsets;
    private final long convergenceTimeoutSeconds;
    private final long pauseMillis;
    private final AtomicReference<CleanPass> lastClean = new AtomicReference<>();
    private volatile Boolean lastWasClean;
    private volatile io.ferry.validator.service.ValidatorMetrics metrics;
    private volatile BooleanSupplier due = () -> true;
    private volatile String notDueReason = "";

    /**
     * @param endOffsets the change topics' end offsets now ({@code TouchedKeys::endOffsets}), taken before each pass
     */
    public LiveValidations(ValidationJob validation, Callable<Map<org.apache.kafka.common.TopicPartition, Long>> endOffsets,
                           long convergenceTimeoutSeconds, long pauseMillis) {
        this.validation = validation;
        this.endOffsets = endOffsets;
        this.convergenceTimeoutSeconds = convergenceTimeoutSeconds;
        this.pauseMillis = pauseMillis;
    }

    /**
     * Runs passes only while {@code due} says so ({@link #run}); until then the loop waits, saying once why.
     *
     * @param why what a pass waits for, as the log line says it
     */
    public LiveValidations onlyWhen(BooleanSupplier due, String why) {
        this.due = due;
        this.notDueReason = why;
        return this;
    }

    /** Also feeds each pass's progress and report to {@code metrics}. */
    public LiveValidations withMetrics(io.ferry.validator.service.ValidatorMetrics metrics) {
        this.metrics = metrics;
        return this;
    }

    public io.ferry.validator.service.ValidatorMetrics metrics() {
        return metrics;
    }

    public Optional<CleanPass> lastClean() {
        return Optional.ofNullable(lastClean.get());
    }

    /** Whether the newest finished pass was clean; null before the first one finishes. */
    public Boolean lastWasClean() {
        return lastWasClean;
    }

    /** One pass. */
    public void runOnce() throws Exception {
        var offsets = endOffsets.call();
        var m = metrics;
        ValidationReport report;
        try {
            report = validation.run(new RunRequest(null, null, null, null, convergenceTimeoutSeconds), p -> {
                if (m != null) {
                    m.started(p);
                }
            });
        } catch (Exception e) {
            if (m != null) {
                m.failed();
            }
            throw e;
        }
        if (m != null) {
            m.finished(report);
        }
        if (report.hasDifferences()) {
            lastWasClean = false;
            LOG.warn("live validation found {} difference(s); a cutover is refused until a pass is clean:\n{}", report.differenceCount(),
                    report.text().lines().limit(40).collect(java.util.stream.Collectors.joining("\n")));
        } else {
            lastClean.set(new CleanPass(report, offsets));
            lastWasClean = true;
            LOG.info("live validation clean ({} ms)", report.elapsedMillis());
        }
    }

    @Override
    public void run() {
        boolean waitSaid = false;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                if (!due.getAsBoolean()) {
                    if (!waitSaid) {
                        LOG.info("live validation waits: {}", notDueReason);
                        waitSaid = true;
                    }
                    Thread.sleep(DUE_POLL_MILLIS);
                    continue;
                }
                runOnce();
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                lastWasClean = null;
                LOG.error("live validation failed: {}", e.getMessage());
                try {
                    Thread.sleep(pauseMillis);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
