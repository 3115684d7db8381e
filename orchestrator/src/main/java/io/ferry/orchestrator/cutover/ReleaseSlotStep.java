package io.ferry.orchestrator.cutover;

import io.ferry.capture.engine.SourceEngines;
import io.ferry.core.config.SourceConfig;

/**
 * After the flip, for a PostgreSQL source: drops the pipeline's replication slot and publication, so the source
 * keeps no WAL for a migration that is over. Capture must be stopped first (an active slot cannot be dropped; the
 * step fails naming it, and {@code ferry complete} runs it again). Idempotent.
 */
public final class ReleaseSlotStep implements CutoverStep {

    private final SourceConfig source;
    private final String pipeline;

    public ReleaseSlotStep(SourceConfig source, String pipeline) {
        this.source = source;
        this.pipeline = pipeline;
    }

    @Override
    public String name() {
        return "release-slot";
    }

    @Override
    public StepReport run(CutoverContext ctx) throws Exception {
        return StepReport.of(SourceEngines.of(source.kind()).releaseCapture(source, pipeline));
    }

    @Override
    public StepReport dryRun(CutoverContext ctx) {
        return StepReport.of(SourceEngines.of(source.kind()).describeRelease(pipeline));
    }
}
