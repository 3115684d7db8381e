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

class ApplierActivityLogTest {

    private static final TableId ORDERS = TableId.of("shop", "orders");
    private static final PartitionKey P0 = new PartitionKey("shop.shop.orders", 0);

    private final ApplierStats stats = new ApplierStats();
    private final List<String> lines = new ArrayList<>();
    private final ApplierActivityLog log = new ApplierActivityLog("shop", stats, 0, lines::add);

    @Test
    void saysWhenTheFirstBatchIsCommittedOnce() {
        log.tick(1_000);
        assertThat(lines).isEmpty();
        stats.recordCommitted(batch(3, 1_000), 1_500);
        log.tick(2_000);
        log.tick(3_000);
        assertThat(lines).containsExactly("applier of pipeline shop: first batch committed (3 rows)");
    }

    @Test
    void summarisesEveryMinuteWithRateLagAndDeadLetters() {
        log.tick(60_000);
        assertThat(lines).containsExactly("applier of pipeline shop: 0 rows applied in the last 60 s (0/s) in 0 batches, lag -, "
                + "0 dead letters since start");
        stats.recordCommitted(batch(120, 100_000), 102_500);
        stats.recordDeadLetters(2);
        log.tick(120_000);
        assertThat(lines).last().isEqualTo("applier of pipeline shop: 120 rows applied in the last 60 s (2/s) in 1 batches, lag 2.5 s, "
                + "2 dead letters since start (ferry dlq list shows them; a cutover is refused until they are replayed)");
    }

    private static ApplyBatch batch(int rows, long commitTime) {
        ApplyBatch b = new ApplyBatch();
        for (int i = 0; i < rows; i++) {
            String id = Integer.toString(i);
            b.add(new ApplyBatch.Entry(P0, i, new byte[0], new byte[0], ChangeEvent.of(Op.CREATE, "mariadb", ORDERS, Map.of("id", id),
                    Map.of("id", id), null, new BinlogPosition("binlog.000001", 100 + i, 0, "0-1-" + i), commitTime, null, 1)));
        }
        return b;
    }
}
