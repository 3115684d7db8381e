package io.ferry.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.core.event.Op;
import io.ferry.core.schema.TableId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CaptureActivityLogTest {

    private static final TableId ORDERS = TableId.of("shop", "orders");

    private final CaptureStats stats = new CaptureStats();
    private final List<String> lines = new ArrayList<>();
    private final CaptureActivityLog log = new CaptureActivityLog("shop", stats, 0, lines::add);

    @Test
    void saysWhenTheSnapshotStartsHowItProgressesAndWhenItEnds() {
        log.tick(1_000);
        assertThat(lines).as("nothing to say before the first row").isEmpty();

        rows(Op.READ, 500);
        log.tick(2_000);
        assertThat(lines).containsExactly("capture of pipeline shop: snapshot started");

        rows(Op.READ, 1_500);
        log.tick(5_000);
        assertThat(lines).as("progress only every 10 s").hasSize(1);
        log.tick(10_000);
        assertThat(lines.get(1)).isEqualTo("capture of pipeline shop: snapshot at 2,000 rows (shop.orders 2,000), 200 rows/s");

        stats.recordOffset(Map.of("gtids", "0-1-42", "file", "binlog.000001", "pos", 900L, "snapshot", "false"));
        rows(Op.CREATE, 1);
        log.tick(12_000);
        assertThat(lines.subList(2, lines.size())).containsExactly(
                "capture of pipeline shop: snapshot finished, 2,000 rows of 1 tables in 10.0 s (200 rows/s)",
                "capture of pipeline shop: first change streamed, position {file=binlog.000001, gtids=0-1-42, pos=900}");
        log.tick(13_000);
        assertThat(lines).as("each of those is said once").hasSize(4);
    }

    @Test
    void summarisesEveryMinuteEvenWhenNothingHappens() {
        log.tick(59_000);
        assertThat(lines).isEmpty();
        log.tick(60_000);
        assertThat(lines).containsExactly("capture of pipeline shop: 0 changes in the last 60 s (0/s), 0 snapshot rows, in snapshot, "
                + "position none yet, up 60 s");

        stats.recordOffset(Map.of("gtids", "0-1-7"));
        rows(Op.UPDATE, 600);
        log.tick(120_000);
        assertThat(lines).last().asString().startsWith("capture of pipeline shop: 600 changes in the last 60 s (10/s), 0 snapshot rows, "
                + "streaming, position {gtids=0-1-7}");
    }

    private void rows(Op op, int n) {
        for (int i = 0; i < n; i++) {
            stats.recordAcked(op, ORDERS);
        }
    }
}
