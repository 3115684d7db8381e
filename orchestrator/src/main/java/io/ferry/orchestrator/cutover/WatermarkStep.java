package io.ferry.orchestrator.cutover;

import io.ferry.capture.engine.SourceEngine;
import io.ferry.orchestrator.migration.Connections;
import java.sql.Connection;

/**
 * Reads the source's position once writes stopped ({@link SourceEngine#currentPosition}: MariaDB's GTID position, MySQL's
 * GTID set or binary log position, PostgreSQL's WAL LSN), and persists its text with the migration. In a rollback it
 * reads the target's position (the reverse pipeline's source), and its lines say so.
 */
public final class WatermarkStep implements CutoverStep {

    private final SourceEngine engine;
    private final Connections source;
    private final String side;

    /** The forward cutover's step: the source's position. */
    public WatermarkStep(SourceEngine engine, Connections source) {
        this(engine, source, "source");
    }

    /** @param side the database the position is read from, as the report names it ({@code source}, {@code target}) */
    public WatermarkStep(SourceEngine engine, Connections source, String side) {
        this.engine = engine;
        this.source = source;
        this.side = side;
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
        return StepReport.of(side + " watermark " + w);
    }

    @Override
    public StepReport dryRun(CutoverContext ctx) throws Exception {
        try (Connection c = source.open()) {
            String w = engine.currentPosition(c).text();
            ctx.watermark(w);
            return StepReport.of(side + " position now " + w + " (the watermark is read again after the freeze)");
        }
    }
}
