package io.ferry.orchestrator.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.orchestrator.migration.Routing;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WriteLedgerTest {

    private static final long MS = 1_000_000L;

    @Test
    void keepsEachKeysLastAcknowledgedValueAndCountsWritesPerSide() {
        WriteLedger ledger = new WriteLedger();
        ledger.acknowledge(Routing.Side.SOURCE, Map.of("orders/1", "new", "orders/2", "new"), 1);
        ledger.acknowledge(Routing.Side.SOURCE, Map.of("orders/1", "paid"), 2);
        ledger.acknowledge(Routing.Side.TARGET, Map.of("orders/2", WriteLedger.ABSENT), 3);
        ledger.acknowledge(Routing.Side.TARGET, Map.of(), 4);

        assertThat(ledger.expected()).containsExactlyInAnyOrderEntriesOf(Map.of("orders/1", "paid", "orders/2", WriteLedger.ABSENT));
        assertThat(ledger.acknowledged()).isEqualTo(4);
        assertThat(ledger.acknowledgedOn(Routing.Side.SOURCE)).isEqualTo(2);
        assertThat(ledger.acknowledgedOn(Routing.Side.TARGET)).isEqualTo(2);
        assertThat(ledger.ackTimes()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void keepsEveryAcknowledgementTimeBeyondItsFirstCapacity() {
        WriteLedger ledger = new WriteLedger();
        for (int i = 0; i < 5000; i++) {
            ledger.acknowledge(Routing.Side.SOURCE, Map.of(), i);
        }
        assertThat(ledger.ackTimes()).hasSize(5000).endsWith(4999);
    }

    @Test
    void mismatchesNameMissingRowsWrongValuesAndRowsThatShouldBeGone() {
        Map<String, String> expected = Map.of("orders/1", "paid", "orders/2", "new", "orders/3", WriteLedger.ABSENT, "orders/4", "shipped");
        Map<String, String> actual = Map.of("orders/1", "paid", "orders/3", "new", "orders/4", "new", "orders/9", "other");

        assertThat(WriteLedger.mismatches(expected, actual)).containsExactly(
                "orders/2: expected new, found <absent>",
                "orders/3: expected <absent>, found new",
                "orders/4: expected shipped, found new");
    }

    @Test
    void noMismatchWhenTheTargetHoldsEveryAcknowledgedWriteAndNoDeletedRow() {
        assertThat(WriteLedger.mismatches(Map.of("orders/1", "paid", "orders/2", WriteLedger.ABSENT), Map.of("orders/1", "paid"))).isEmpty();
    }

    @Test
    void longestGapIsTheWidestGapBetweenAcknowledgementsOverlappingTheWindow() {
        long[] acks = {0, 10 * MS, 20 * MS, 900 * MS, 910 * MS, 2000 * MS, 5000 * MS};
        // the 1090 ms gap (910..2000) overlaps [100, 1500]; the 2000..5000 gap does not
        assertThat(WriteLedger.longestGapMillis(acks, 100 * MS, 1500 * MS)).isEqualTo(1090);
        // a gap that starts before the window counts whole: 20..900
        assertThat(WriteLedger.longestGapMillis(acks, 500 * MS, 600 * MS)).isEqualTo(880);
    }

    @Test
    void longestGapRunsToTheWindowsEdgeWhenNoWriteIsAcknowledgedAfterIt() {
        long[] acks = {0, 10 * MS};
        assertThat(WriteLedger.longestGapMillis(acks, 5 * MS, 3000 * MS)).isEqualTo(2990);
        assertThat(WriteLedger.longestGapMillis(new long[0], 0, 700 * MS)).isEqualTo(700);
    }

    @Test
    void aWindowThatEndsBeforeItStartsIsRefused() {
        assertThatThrownBy(() -> WriteLedger.longestGapMillis(new long[0], 10, 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ends");
    }

    @Test
    void percentileIsTheNearestRank() {
        List<Long> values = List.of(400L, 100L, 300L, 200L);
        assertThat(WriteLedger.percentile(values, 50)).isEqualTo(200);
        assertThat(WriteLedger.percentile(values, 100)).isEqualTo(400);
        assertThat(WriteLedger.percentile(List.of(), 50)).isZero();
    }

    @Test
    void aWriteWhoseCommitOutcomeIsUnknownMayBeThereOrNotUntilALaterAcknowledgedWrite() {
        WriteLedger ledger = new WriteLedger();
        ledger.acknowledge(Routing.Side.TARGET, Map.of("orders/1", "10", "orders/2", "20"), 1);
        ledger.uncertain(Map.of("orders/1", WriteLedger.ABSENT));

        assertThat(ledger.mismatchesIn(Map.of("orders/1", "10", "orders/2", "20"))).as("it did not take effect").isEmpty();
        assertThat(ledger.mismatchesIn(Map.of("orders/2", "20"))).as("it took effect").isEmpty();
        assertThat(ledger.mismatchesIn(Map.of("orders/1", "11", "orders/2", "20"))).containsExactly("orders/1: expected 10, found 11");
        assertThat(ledger.mismatchesIn(Map.of("orders/1", "10"))).as("an acknowledged write is never excused")
                .containsExactly("orders/2: expected 20, found <absent>");

        ledger.acknowledge(Routing.Side.SOURCE, Map.of("orders/1", "12"), 2);
        assertThat(ledger.uncertainCount()).isZero();
        assertThat(ledger.mismatchesIn(Map.of("orders/2", "20"))).containsExactly("orders/1: expected 12, found <absent>");
    }
}
