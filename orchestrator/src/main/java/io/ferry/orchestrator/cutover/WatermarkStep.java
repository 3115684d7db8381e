package io.ferry.orchestrator.cutover;

import io.ferry.core.config.SourceKind;
import io.ferry.orchestrator.migration.Connections;
import java.sql.Connection;

/** Reads the source's position once writes stopped, and persists it with the migration. */
public final class WatermarkStep implements CutoverStep {

    private final SourceKind kind;
    private final Connections source;

    public WatermarkStep(SourceKind kind, Connections source) {
        this.kind = kind;
        this.source = source;
    }

    @Override
    public String name() {
        return "watermark";
    }

    @Override
    public StepReport run(CutoverContext ctx) throws Exception {
        String w;
        try (Connection c = source.open()) {
            w = SourceWatermark.read(kind, c);
        }
        ctx.watermark(w);
        ctx.migration().recordWatermark(w);
        return StepReport.of("source watermark " + w);
    }

    @Override
    public StepReport dryRun(CutoverContext ctx) throws Exception {
        try (Connection c = source.open()) {
            String w = SourceWatermark.read(kind, c);
            ctx.watermark(w);
            return StepReport.of("source position now " + w + " (the watermark is read again after the freeze)");
        }
    }
}
