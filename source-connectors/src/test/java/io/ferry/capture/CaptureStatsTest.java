package io.ferry.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.core.event.Op;
import io.ferry.core.schema.TableId;
import org.junit.jupiter.api.Test;

/** When capture counts as streaming: the full load over, whichever way it was done. */
class CaptureStatsTest {

    private static final TableId ORDERS = TableId.of("shop", "orders");

    @Test
    void afterDebeziumsSnapshotTheFirstChangeMeansCaptureStreams() {
        CaptureStats stats = new CaptureStats();
        stats.recordAcked(Op.READ, ORDERS);
        assertThat(stats.streaming()).isFalse();

        stats.recordAcked(Op.CREATE, ORDERS);

        assertThat(stats.streaming()).isTrue();
        assertThat(stats.streamedEvents()).isEqualTo(1);
    }

    @Test
    void duringABulkLoadChangesFromTheCutDoNotEndTheFullLoadOnlyTheCopysEndDoes() {
        CaptureStats stats = new CaptureStats();
        stats.bulkLoadStarts();

        stats.recordAcked(Op.CREATE, ORDERS);
        stats.recordAcked(Op.UPDATE, ORDERS);

        assertThat(stats.streaming()).as("changes streamed from the cut while the copy goes on").isFalse();
        assertThat(stats.streamedEvents()).isEqualTo(2);

        stats.markStreaming();
        assertThat(stats.streaming()).isTrue();
    }
}
