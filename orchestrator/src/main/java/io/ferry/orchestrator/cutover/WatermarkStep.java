package io.ferry.orchestrator.cutover;

import io.ferry.capture.engine.SourceEngine;
import io.ferry.orchestrator.migration.Connections;
import java.sql.Connection;

/**
 * Reads the source's position once writes stopped ({@link SourceEngine#currentPosition}: MariaDB's GTID position, MySQL's
 * GTID set or binary log position, PostgreSQL's WAL LSN), and persists its text with the migration.
 */
public final class WatermarkStep implements CutoverStep {

    private final SourceEngine engine;
    private final Connections source;

    public WatermarkStep(SourceEngine engine, Connections source) {
        this.engine = engine;
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
            w = engine.currentPosition(c).text();
        }
        ctx.watermark(w);
        ctx.migration().recordWatermark(w);
        return StepReport.of("source watermark " + w);
    }

    @Override
    public StepReport dryRun(CutoverContext ctx) throws Exception {
        try (Connection c = source.open()) {
            String w = engine.currentPosition(c).text();
            ctx.watermark(w);
            return StepReport.of("source position now " + w + " (the watermark is read again after the freeze)");
        }
    }
}
