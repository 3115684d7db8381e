package io.ferry.capture.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.core.schema.TableId;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BulkProgressTest {

    private final AtomicLong nanos = new AtomicLong(1_000);
    private final TableId orders = TableId.of("shop", "orders");
    private final TableId empty = TableId.of("shop", "empty");

    @Test
    void rateEtaAndPercentFollowTheRowsCopiedByThisRun() {
        BulkProgress p = new BulkProgress(nanos::get);
        p.table(orders, 1_000, 200); // 200 copied by an earlier run
        p.table(empty, 0, 0);
        assertThat(p.eta()).as("no rate yet").isNull();
        nanos.addAndGet(2_000_000_000L);
        p.copied(orders, 400);
        assertThat(p.rowsPerSecond()).isEqualTo(200.0);
        assertThat(p.percent(orders)).isEqualTo(60);
        assertThat(p.percent(empty)).isEqualTo(100);
        assertThat(p.eta()).isEqualTo(Duration.ofSeconds(2));
        assertThat(p.line()).isEqualTo("bulk load 60% (600/1000 rows), 200 rows/s, ETA 2s; orders 60%");
        assertThat(p.copiedPerTable()).containsEntry(orders, 600L).containsEntry(empty, 0L);
    }

    @Test
    void rowsWrittenAfterThePlanNeverTakeATablePastAHundredPercent() {
        BulkProgress p = new BulkProgress(nanos::get);
        p.table(orders, 10, 0);
        nanos.addAndGet(1_000_000_000L);
        p.copied(orders, 12);
        assertThat(p.percent(orders)).isEqualTo(100);
        assertThat(p.eta()).isEqualTo(Duration.ZERO);
        assertThat(p.line()).startsWith("bulk load 100% (12/10 rows)");
    }

    @Test
    void formatsLongDurations() {
        assertThat(BulkProgress.formatDuration(Duration.ofSeconds(3 * 3600 + 125))).isEqualTo("3h02m");
        assertThat(BulkProgress.formatDuration(Duration.ofSeconds(125))).isEqualTo("2m05s");
    }
}
