package io.ferry.orchestrator.cutover;

import io.ferry.capture.engine.SourceEngines;
import io.ferry.core.config.SourceConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * After the flip, for a PostgreSQL source: drops the pipeline's replication slot and publication, so the source
 * keeps no WAL for a migration that is over. An active slot cannot be dropped: forward capture running in this
 * process ({@code ferry run}) is stopped first (after the flip it has nothing left to carry: the drain reached the
 * freeze's watermark), and the drop is tried again while the server lets go of the slot, up to {@code release}. Capture
 * running elsewhere must be stopped by its operator; until then the step fails naming the slot, and {@code ferry
 * complete} runs it again. Idempotent.
 */
public final class ReleaseSlotStep implements CutoverStep {

    private static final Duration RETRY_EVERY = Duration.ofMillis(200);

    private final SourceConfig source;
    private final String pipeline;
    private final Runnable stopCapture;
    private final Duration release;

    /** Without capture in this process: one attempt. */
    public ReleaseSlotStep(SourceConfig source, String pipeline) {
        this(source, pipeline, null, Duration.ZERO);
    }

    /**
     * @param stopCapture stops forward capture and applier running in this process (idempotent), or null
     * @param release     how long to try again while the stopped capture's session still holds the slot
     */
    public ReleaseSlotStep(SourceConfig source, String pipeline, Runnable stopCapture, Duration release) {
        this.source = source;
        this.pipeline = pipeline;
        this.stopCapture = stopCapture;
        this.release = release;
    }

    @Override
    public String name() {
        return "release-slot";
    }

    @Override
    public StepReport run(CutoverContext ctx) throws Exception {
        List<String> details = new ArrayList<>();
        if (stopCapture != null) {
            stopCapture.run();
            details.add("stopped forward capture and applier in this process");
        }
        long deadline = System.nanoTime() + release.toNanos();
        while (true) {
            try {
                details.add(SourceEngines.of(source.kind()).releaseCapture(source, pipeline));
                return new StepReport(details);
            } catch (java.sql.SQLException e) {
                // 55006 object_in_use: the stopped capture's walsender has not let go of the slot yet.
                if (!"55006".equals(e.getSQLState())) {
                    throw e;
                }
                if (System.nanoTime() > deadline) {
                    throw new java.sql.SQLException("replication slot " + io.ferry.capture.PostgresSlot.slotName(pipeline) + " is still read by "
                            + (stopCapture == null ? "a capture running elsewhere: stop capture of pipeline " + pipeline
                            + " (ferry capture), then run ferry complete -c ..." : "capture") + " (" + e.getMessage() + ")", e.getSQLState(), e);
                }
                Thread.sleep(RETRY_EVERY.toMillis());
            }
        }
    }

    @Override
    public StepReport dryRun(CutoverContext ctx) {
        List<String> details = new ArrayList<>();
        if (stopCapture != null) {
            details.add("would stop forward capture and applier in this process");
        }
        details.add(SourceEngines.of(source.kind()).describeRelease(pipeline));
        return new StepReport(details);
    }
}
