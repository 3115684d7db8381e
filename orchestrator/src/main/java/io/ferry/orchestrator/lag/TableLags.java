package io.ferry.orchestrator.lag;

import io.ferry.apply.ApplierStats;
import io.ferry.apply.ApplyBatch;
import io.ferry.core.event.Op;
import io.ferry.core.schema.TableId;
import io.ferry.orchestrator.status.PipelineStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Lag from source commit to target commit, per table and overall, over a sliding window. Fed by the applier
 * after each committed batch: a row's lag is the batch's commit time minus the row's source commit time
 * ({@code ChangeEvent.commitTimeMillis()}). Rows read by the initial snapshot are left out (their time is when the
 * snapshot read them, not a commit), as are events without a commit time; the snapshot's progress shows as records
 * behind instead. Rows collapsed into a later change of the same key within one batch are not counted: the surviving
 * change carries the later, and so smaller, lag. Thread-safe.
 */
public final class TableLags implements ApplierStats.CommitListener {

    private final Duration window;
    private final LagWindow overall;
    private final Map<TableId, LagWindow> tables = new ConcurrentSkipListMap<>();

    public TableLags() {
        this(LagWindow.DEFAULT_WINDOW);
    }

    public TableLags(Duration window) {
        this.window = window;
        this.overall = new LagWindow(window);
    }

    /** A TableLags fed by {@code stats} from now on (batches committed before this call are not seen). */
    public static TableLags attach(ApplierStats stats) {
        TableLags lags = new TableLags();
        stats.addCommitListener(lags);
        return lags;
    }

    @Override
    public void committed(List<ApplyBatch.Entry> entries, long committedAtMillis) {
        for (ApplyBatch.Entry entry : entries) {
            Long sourceCommit = entry.event().commitTimeMillis();
            if (sourceCommit == null || entry.event().op() == Op.READ) {
                continue;
            }
            long lag = committedAtMillis - sourceCommit;
            TableId table = entry.event().table();
            tables.computeIfAbsent(table, t -> new LagWindow(window)).record(committedAtMillis, lag);
            overall.record(committedAtMillis, lag);
        }
    }

    /** The overall window at {@code nowMillis}: what the lag gate judges. */
    public LagStats overall(long nowMillis) {
        return overall.stats(nowMillis);
    }

    /** Every table that has had a change applied since this began, with its window at {@code nowMillis}. */
    public LagReport report(long nowMillis) {
        List<LagReport.TableLag> rows = new ArrayList<>();
        tables.forEach((t, w) -> rows.add(new LagReport.TableLag(t, w.stats(nowMillis), -1)));
        return new LagReport(nowMillis, overall.windowMillis(), overall.stats(nowMillis), -1, rows);
    }

    /** {@link #report(long)} with records behind per table, from a status read by {@code ferry status}. */
    public LagReport report(long nowMillis, PipelineStatus status, String topicPrefix) {
        return report(nowMillis).withRecordsBehind(status, topicPrefix);
    }
}
