package io.ferry.orchestrator.lag;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.apply.ApplierStats;
import io.ferry.apply.ApplyBatch;
import io.ferry.apply.PartitionKey;
import io.ferry.core.event.BinlogPosition;
import io.ferry.core.event.ChangeEvent;
import io.ferry.core.event.Op;
import io.ferry.core.schema.TableId;
import io.ferry.core.topic.TopicNames;
import io.ferry.orchestrator.status.PipelineStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TableLagsTest {

    private static final TableId ORDERS = TableId.of("shop", "orders");
    private static final TableId CUSTOMERS = TableId.of("shop", "customers");

    private final ApplierStats stats = new ApplierStats();
    private final TableLags lags = TableLags.attach(stats);
    private int next;

    @Test
    void measuresLagFromSourceCommitToTheBatchCommitPerTableAndOverall() {
        ApplyBatch batch = new ApplyBatch();
        add(batch, ORDERS, Op.CREATE, 3, 1_000L);
        add(batch, CUSTOMERS, Op.UPDATE, 1, 500L);
        stats.recordCommitted(batch, 1_500);

        LagReport report = lags.report(1_500);
        assertThat(report.tables()).containsExactly(
                new LagReport.TableLag(CUSTOMERS, new LagStats(1, 1_000, 1_000, 1_000, 1_000), -1),
                new LagReport.TableLag(ORDERS, new LagStats(3, 500, 500, 500, 500), -1));
        assertThat(report.overall().samples()).isEqualTo(4);
        assertThat(report.overall().p50Millis()).isCloseTo(500L, org.assertj.core.api.Assertions.within(500L / 32));
        assertThat(report.overall().maxMillis()).isEqualTo(1_000);
        assertThat(lags.overall(1_500)).isEqualTo(report.overall());
    }

    @Test
    void leavesOutSnapshotReadsAndChangesWithoutACommitTime() {
        ApplyBatch batch = new ApplyBatch();
        add(batch, ORDERS, Op.READ, 5, 1_000L);
        add(batch, ORDERS, Op.DELETE, 1, null);
        add(batch, ORDERS, Op.DELETE, 2, 9_000L);
        stats.recordCommitted(batch, 10_000);

        assertThat(lags.report(10_000).tables()).containsExactly(
                new LagReport.TableLag(ORDERS, new LagStats(2, 1_000, 1_000, 1_000, 1_000), -1));
    }

    @Test
    void forgetsBatchesOlderThanTheWindowButKeepsTheTable() {
        ApplyBatch batch = new ApplyBatch();
        add(batch, ORDERS, Op.CREATE, 2, 1_000L);
        stats.recordCommitted(batch, 1_200);

        LagReport later = lags.report(1_200 + 120_000);
        assertThat(later.overall()).isEqualTo(LagStats.EMPTY);
        assertThat(later.tables()).containsExactly(new LagReport.TableLag(ORDERS, LagStats.EMPTY, -1));
    }

    @Test
    void addsRecordsBehindPerTableFromThePipelineStatus() {
        ApplyBatch batch = new ApplyBatch();
        add(batch, ORDERS, Op.CREATE, 1, 1_000L);
        add(batch, CUSTOMERS, Op.CREATE, 1, 1_000L);
        stats.recordCommitted(batch, 1_100);
        String orders = TopicNames.changeTopic("shop", ORDERS);
        PipelineStatus status = new PipelineStatus("shop", null, Map.of(), -1, false, List.of(
                new PipelineStatus.Partition(orders, 0, 5, 12, 800), new PipelineStatus.Partition(orders, 1, 3, 4, 100),
                new PipelineStatus.Partition(TopicNames.changeTopic("shop", TableId.of("shop", "items")), 0, 0, 9, 50)),
                0, null, List.of());

        LagReport report = lags.report(1_100, status, "shop");
        assertThat(report.recordsBehind()).isEqualTo(17);
        assertThat(report.tables()).extracting(LagReport.TableLag::table, LagReport.TableLag::recordsBehind)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(CUSTOMERS, -1L), org.assertj.core.groups.Tuple.tuple(ORDERS, 8L));
    }

    @Test
    void rendersOneLineOverallAndOnePerTable() {
        ApplyBatch batch = new ApplyBatch();
        add(batch, ORDERS, Op.CREATE, 2, 1_000L);
        stats.recordCommitted(batch, 1_300);

        assertThat(lags.report(1_300).lines()).containsExactly(
                "lag over the last 60 s: p50 0.3 s, p95 0.3 s, p99 0.3 s, max 0.3 s (2 changes)",
                "  shop.orders: p50 0.3 s, p95 0.3 s, p99 0.3 s, max 0.3 s (2 changes)");
        assertThat(new TableLags().report(0).text()).isEqualTo("lag over the last 60 s: no changes in the window\n");
    }

    @Test
    void serialisesTheReportWithJacksonAndReadsItBack() throws Exception {
        ApplyBatch batch = new ApplyBatch();
        add(batch, ORDERS, Op.CREATE, 2, 1_000L);
        stats.recordCommitted(batch, 1_300);
        LagReport report = lags.report(1_300);

        ObjectMapper json = new ObjectMapper();
        String text = json.writeValueAsString(report);
        assertThat(text).contains("\"p99Millis\":300").contains("\"schema\":\"shop\"").contains("\"recordsBehind\":-1");
        assertThat(json.readValue(text, LagReport.class)).isEqualTo(report);
    }

    private void add(ApplyBatch batch, TableId table, Op op, int rows, Long commitTime) {
        PartitionKey partition = new PartitionKey(TopicNames.changeTopic("shop", table), 0);
        for (int i = 0; i < rows; i++) {
            String id = Integer.toString(next++);
            Map<String, String> row = Map.of("id", id);
            batch.add(new ApplyBatch.Entry(partition, next, new byte[0], new byte[0], ChangeEvent.of(op, "mariadb", table, row,
                    op.hasAfter() ? row : null, op == Op.DELETE ? row : null,
                    new BinlogPosition("binlog.000001", 100 + next, 0, "0-1-" + next), commitTime, null, 1)));
        }
    }
}
