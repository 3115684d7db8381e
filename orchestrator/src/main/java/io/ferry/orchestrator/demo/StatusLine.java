package io.ferry.orchestrator.demo;

import io.ferry.core.schema.TableId;
import io.ferry.orchestrator.pipeline.LocalPipeline;
import java.util.Map;

/** One line of live progress: snapshot rows per table, streamed and applied changes, lag. */
final class StatusLine {

    private final LocalPipeline pipeline;
    private final WriteLedger ledger;

    StatusLine(LocalPipeline pipeline, WriteLedger ledger) {
        this.pipeline = pipeline;
        this.ledger = ledger;
    }

    String render(double elapsedSeconds) {
        io.ferry.capture.bulk.BulkProgress bulk = pipeline.capture().bulkProgress();
        if (bulk != null) {
            return String.format("[%5.1fs] %s | writes %,d tx", elapsedSeconds, bulk.line(), ledger.acknowledged());
        }
        StringBuilder sb = new StringBuilder(String.format("[%5.1fs] snapshot", elapsedSeconds));
        Map<TableId, Long> snap = pipeline.capture().stats().snapshotRows();
        if (snap.isEmpty()) {
            sb.append(" starting");
        }
        snap.forEach((t, n) -> sb.append(' ').append(t.table()).append('=').append(String.format("%,d", n)));
        sb.append(pipeline.capture().stats().streaming() ? " (done)" : "");
        long applied = pipeline.applier().stats().appliedRows().values().stream().mapToLong(Long::longValue).sum();
        long lag = pipeline.applier().stats().lastLagMillis();
        sb.append(String.format(" | writes %,d tx | streamed %,d | applied %,d rows", ledger.acknowledged(),
                pipeline.capture().stats().streamedEvents(), applied));
        sb.append(lag < 0 ? " | lag -" : String.format(" | lag %.1f s", lag / 1000.0));
        return sb.toString();
    }
}
