package io.ferry.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.core.event.BinlogPosition;
import io.ferry.core.event.ChangeEvent;
import io.ferry.core.event.Op;
import io.ferry.core.schema.TableId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApplierStatsTest {

    private static final TableId ORDERS = TableId.of("shop", "orders");
    private static final PartitionKey P0 = new PartitionKey("shop.shop.orders", 0);

    @Test
    void tellsCommitListenersTheBatchCommitTimeAndPlainListenersTheSurvivingChanges() {
        ApplierStats stats = new ApplierStats();
        List<Long> commitTimes = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        stats.addCommitListener((entries, committedAt) -> commitTimes.add(committedAt));
        stats.addListener(entries -> sizes.add(entries.size()));

        ApplyBatch batch = new ApplyBatch();
        batch.add(entry(0, "1", 900));
        batch.add(entry(1, "1", 950)); // same key: collapses into one surviving change
        batch.add(entry(2, "2", 980));
        stats.recordCommitted(batch, 1_234);

        assertThat(commitTimes).containsExactly(1_234L);
        assertThat(sizes).containsExactly(2);
        assertThat(stats.lastLagMillis()).isEqualTo(1_234 - 980);
    }

    private static ApplyBatch.Entry entry(long offset, String id, long commitTime) {
        return new ApplyBatch.Entry(P0, offset, new byte[0], new byte[0], ChangeEvent.of(Op.UPDATE, "mariadb", ORDERS, Map.of("id", id),
                Map.of("id", id), Map.of("id", id), new BinlogPosition("binlog.000001", 100 + offset, 0, "0-1-" + offset), commitTime, null, 1));
    }
}
