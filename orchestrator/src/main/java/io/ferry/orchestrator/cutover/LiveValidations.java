package io.ferry.orchestrator.cutover;

import io.ferry.orchestrator.validate.PipelineValidation;
import io.ferry.orchestrator.validate.TouchedKeys;
import io.ferry.validator.ValidationReport;
import io.ferry.validator.service.RunRequest;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live validation passes over the whole pipeline, one after another with a pause between them, keeping the last
 * clean one (with the change topics' end offsets taken before it began) for the final validation, and whether the
 * last pass was clean for the readiness gate.
 */
public final class LiveValidations implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveValidations.class);

    private final PipelineValidation validation;
    private final TouchedKeys touchedKeys;
    private final long convergenceTimeoutSeconds;
    private final long pauseMillis;
    private final AtomicReference<CleanPass> lastClean = new AtomicReference<>();
    private volatile Boolean lastWasClean;
    private volatile io.ferry.validator.service.ValidatorMetrics metrics;

    public LiveValidations(PipelineValidation validation, TouchedKeys touchedKeys, long convergenceTimeoutSeconds, long pauseMillis) {
        this.validation = validation;
        this.touchedKeys = touchedKeys;
        this.convergenceTimeoutSeconds = convergenceTimeoutSeconds;
        this.pauseMillis = pauseMillis;
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
        var offsets = touchedKeys.endOffsets();
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
        while (!Thread.currentThread().isInterrupted()) {
            try {
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
