package io.ferry.orchestrator.cutover;

import io.ferry.orchestrator.migration.Connections;
import io.ferry.orchestrator.schema.UniqueIndex;
import io.ferry.orchestrator.schema.UniqueIndexBuilder;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * During the freeze, after the drain and before the foreign keys: makes the secondary unique indexes unique (they
 * were plain while changes streamed, see {@link UniqueIndex}), so that the target enforces them before it takes
 * writes. Each build is measured and reported; an index that is unique already (an earlier cutover built it) is
 * skipped. Rows that break a key fail the step, and with it the cutover before the flip, naming the table, index
 * and a duplicated value. The dry run estimates each build from the table's row count.
 */
public final class UniqueIndexesStep implements CutoverStep {

    private final Connections target;
    private final List<UniqueIndex> indexes;

    public UniqueIndexesStep(Connections target, List<UniqueIndex> indexes) {
        this.target = target;
        this.indexes = List.copyOf(indexes);
    }

    @Override
    public String name() {
        return "unique-indexes";
    }

    @Override
    public StepReport run(CutoverContext ctx) throws Exception {
        if (indexes.isEmpty()) {
            return StepReport.of("no secondary unique indexes");
        }
        List<String> lines = new ArrayList<>();
        try (Connection c = target.open()) {
            for (UniqueIndex u : indexes) {
                if (UniqueIndexBuilder.isUnique(c, u)) {
                    lines.add("unique already: " + u.describe());
                    continue;
                }
                // The cutover cannot stop a statement in PostgreSQL; the query timeout makes the server cancel it.
                Duration took = UniqueIndexBuilder.build(c, u, ctx.remaining());
                lines.add("made unique in " + took.toMillis() + " ms: " + u.describe());
            }
        }
        return new StepReport(lines);
    }

    @Override
    public StepReport dryRun(CutoverContext ctx) throws Exception {
        if (indexes.isEmpty()) {
            return StepReport.of("no secondary unique indexes");
        }
        List<String> lines = new ArrayList<>();
        long total = 0;
        try (Connection c = target.open()) {
            for (UniqueIndex u : indexes) {
                if (UniqueIndexBuilder.isUnique(c, u)) {
                    lines.add("unique already: " + u.describe());
                    continue;
                }
                long rows = UniqueIndexBuilder.estimatedRows(c, u);
                long ms = UniqueIndexBuilder.estimate(rows).toMillis();
                total += ms;
                lines.add("would make unique: " + u.describe() + ": ~" + rows + " rows, estimated " + ms + " ms of the freeze");
            }
        }
        lines.add("estimated " + total + " ms in all (at " + UniqueIndexBuilder.ESTIMATED_ROWS_PER_SECOND
                + " rows/s); the freeze budget must cover it");
        return new StepReport(lines);
    }
}
