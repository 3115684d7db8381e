package io.ferry.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.core.event.BinlogPosition;
import io.ferry.core.event.ChangeEvent;
import io.ferry.core.event.Op;
import io.ferry.core.schema.TableId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApplyBatchTest {

    private static final TableId ORDERS = TableId.of("shop", "orders");
    private static final TableId CUSTOMERS = TableId.of("shop", "customers");
    private static final PartitionKey P0 = new PartitionKey("ferry.shop.orders", 0);
    private static final PartitionKey P1 = new PartitionKey("ferry.shop.orders", 1);

    @Test
    void newBatchIsEmptyAndHasNoProgress() {
        ApplyBatch batch = new ApplyBatch();

        assertThat(batch.isEmpty()).isTrue();
        assertThat(batch.received()).isZero();
        assertThat(batch.changesByTable()).isEmpty();
        assertThat(batch.progress()).isEmpty();
        assertThat(batch.unreadable()).isEmpty();
    }

    @Test
    void collapsesSeveralChangesOfOneRowToTheLast() {
        ApplyBatch batch = new ApplyBatch();
        batch.add(entry(P0, 10, upsert(Op.CREATE, ORDERS, "1", "new", 100)));
        batch.add(entry(P0, 11, upsert(Op.UPDATE, ORDERS, "1", "paid", 101)));
        batch.add(entry(P0, 12, upsert(Op.UPDATE, ORDERS, "1", "shipped", 102)));

        List<ApplyBatch.Entry> orders = batch.changesByTable().get(ORDERS);
        assertThat(orders).hasSize(1);
        assertThat(orders.get(0).offset()).isEqualTo(12);
        assertThat(orders.get(0).event().after()).containsEntry("status", "shipped");
    }

    @Test
    void anUpdateWithoutAnUnsentToastedColumnTakesItFromTheEarlierChangeOfTheRow() {
        ApplyBatch batch = new ApplyBatch();
        ChangeEvent insert = upsert(Op.CREATE, ORDERS, "1", "new", 100);
        Map<String, String> withBig = new LinkedHashMap<>(insert.after());
        withBig.put("big", "long text");
        batch.add(entry(P0, 10, ChangeEvent.of(Op.CREATE, "pg", ORDERS, Map.of("id", "1"), withBig, null, position(100), 1L, null, 1)));
        batch.add(entry(P0, 11, upsert(Op.UPDATE, ORDERS, "1", "paid", 101))); // no "big": PostgreSQL did not send it

        assertThat(batch.changesByTable().get(ORDERS)).singleElement().satisfies(e -> {
            assertThat(e.offset()).isEqualTo(11);
            assertThat(e.event().op()).isEqualTo(Op.UPDATE);
            assertThat(e.event().after()).containsExactly(Map.entry("id", "1"), Map.entry("status", "paid"), Map.entry("big", "long text"));
        });
        ApplyBatch alone = new ApplyBatch();
        alone.add(entry(P0, 11, upsert(Op.UPDATE, ORDERS, "1", "paid", 101)));
        assertThat(alone.changesByTable().get(ORDERS).get(0).event().after()).as("nothing to take it from: left out")
                .doesNotContainKey("big");
    }

    @Test
    void deleteAfterUpdateOfSameKeyLeavesOnlyTheDelete() {
        ApplyBatch batch = new ApplyBatch();
        batch.add(entry(P0, 10, upsert(Op.UPDATE, ORDERS, "1", "paid", 100)));
        batch.add(entry(P0, 11, delete(ORDERS, "1", 101)));

        List<ApplyBatch.Entry> orders = batch.changesByTable().get(ORDERS);
        assertThat(orders).singleElement().satisfies(e -> {
            assertThat(e.event().isDelete()).isTrue();
            assertThat(e.offset()).isEqualTo(11);
        });
    }

    @Test
    void keepsArrivalOrderOfTheLastChangeOfEachRow() {
        ApplyBatch batch = new ApplyBatch();
        batch.add(entry(P0, 10, upsert(Op.CREATE, ORDERS, "1", "a", 100)));
        batch.add(entry(P0, 11, upsert(Op.CREATE, ORDERS, "2", "a", 101)));
        batch.add(entry(P0, 12, upsert(Op.CREATE, ORDERS, "3", "a", 102)));
        // Row 1 changes again last: it must now come after rows 2 and 3.
        batch.add(entry(P0, 13, upsert(Op.UPDATE, ORDERS, "1", "b", 103)));

        assertThat(batch.changesByTable().get(ORDERS))
                .extracting(e -> e.event().key().get("id"))
                .containsExactly("2", "3", "1");
        assertThat(batch.changesByTable().get(ORDERS))
                .extracting(ApplyBatch.Entry::offset)
                .containsExactly(11L, 12L, 13L);
    }

    @Test
    void sameKeyInDifferentTablesDoesNotCollapse() {
        ApplyBatch batch = new ApplyBatch();
        batch.add(entry(P0, 10, upsert(Op.CREATE, ORDERS, "1", "a", 100)));
        batch.add(entry(P1, 20, upsert(Op.CREATE, CUSTOMERS, "1", "a", 101)));

        assertThat(batch.changesByTable()).containsOnlyKeys(ORDERS, CUSTOMERS);
        assertThat(batch.changesByTable().keySet()).containsExactly(ORDERS, CUSTOMERS);
        assertThat(batch.changesByTable().get(ORDERS)).hasSize(1);
        assertThat(batch.changesByTable().get(CUSTOMERS)).hasSize(1);
    }

    @Test
    void compositeKeysCollapseOnlyWhenEveryKeyColumnMatches() {
        TableId lines = TableId.of("shop", "order_lines");
        ApplyBatch batch = new ApplyBatch();
        batch.add(entry(P0, 1, compositeLine(lines, "7", "1", "2", 100)));
        batch.add(entry(P0, 2, compositeLine(lines, "7", "2", "5", 101)));
        batch.add(entry(P0, 3, compositeLine(lines, "7", "1", "9", 102)));

        assertThat(batch.changesByTable().get(lines))
                .extracting(e -> e.event().after().get("qty"))
                .containsExactly("5", "9");
    }

    @Test
    void progressPerPartitionIsTheLastOffsetAndItsSourcePosition() {
        ApplyBatch batch = new ApplyBatch();
        batch.add(entry(P0, 10, upsert(Op.CREATE, ORDERS, "1", "a", 100)));
        batch.add(entry(P1, 40, upsert(Op.CREATE, ORDERS, "2", "a", 101)));
        batch.add(entry(P0, 11, upsert(Op.CREATE, ORDERS, "3", "a", 102)));

        assertThat(batch.progress()).containsOnlyKeys(P0, P1);
        assertThat(batch.progress().get(P0)).isEqualTo(new Progress(11, position(102)));
        assertThat(batch.progress().get(P1)).isEqualTo(new Progress(40, position(101)));
        assertThat(batch.progress().get(P0).describePosition()).isEqualTo("binlog.000003:102#0 gtid=0-1-102");
        assertThat(batch.progress().get(P0).next()).isEqualTo(12);
    }

    @Test
    void collapsedChangesStillMoveProgressToTheLastOffset() {
        ApplyBatch batch = new ApplyBatch();
        batch.add(entry(P0, 10, upsert(Op.CREATE, ORDERS, "1", "a", 100)));
        batch.add(entry(P0, 11, upsert(Op.UPDATE, ORDERS, "1", "b", 101)));

        assertThat(batch.progress().get(P0).offset()).isEqualTo(11);
    }

    @Test
    void receivedCountsEveryRecordBeforeCollapsing() {
        ApplyBatch batch = new ApplyBatch();
        batch.add(entry(P0, 10, upsert(Op.CREATE, ORDERS, "1", "a", 100)));
        batch.add(entry(P0, 11, upsert(Op.UPDATE, ORDERS, "1", "b", 101)));
        batch.add(entry(P0, 12, upsert(Op.UPDATE, ORDERS, "1", "c", 102)));

        assertThat(batch.received()).isEqualTo(3);
        assertThat(batch.changesByTable().get(ORDERS)).hasSize(1);
        assertThat(batch.isEmpty()).isFalse();
    }

    @Test
    void unreadableRecordIsKeptAndMovesProgressOn() {
        ApplyBatch batch = new ApplyBatch();
        batch.add(entry(P0, 10, upsert(Op.CREATE, ORDERS, "1", "a", 100)));
        DeadLetter letter = new DeadLetter(P0.topic(), 0, 11, new byte[] {1}, new byte[] {2}, null, "not a Ferry change event");
        batch.addUnreadable(P0, 11, letter, position(100));

        assertThat(batch.unreadable()).containsExactly(letter);
        assertThat(batch.progress().get(P0)).isEqualTo(new Progress(11, position(100)));
        assertThat(batch.received()).isEqualTo(2);
        assertThat(batch.changesByTable().get(ORDERS)).hasSize(1);
    }

    @Test
    void skippedReplayMovesProgressWithoutAChange() {
        ApplyBatch batch = new ApplyBatch();
        batch.addSkipped(P0, 7, position(300));

        assertThat(batch.isEmpty()).isFalse();
        assertThat(batch.changesByTable()).isEmpty();
        assertThat(batch.progress().get(P0)).isEqualTo(new Progress(7, position(300)));
    }

    @Test
    void batchWithOnlyAnUnreadableRecordIsNotEmpty() {
        ApplyBatch batch = new ApplyBatch();
        batch.addUnreadable(P1, 5, new DeadLetter(P1.topic(), 1, 5, null, null, null, "tombstone"), null);

        assertThat(batch.isEmpty()).isFalse();
        assertThat(batch.received()).isEqualTo(1);
        assertThat(batch.changesByTable()).isEmpty();
        assertThat(batch.progress()).containsEntry(P1, new Progress(5, null));
    }

    @Test
    void viewsCannotBeModifiedFromOutside() {
        ApplyBatch batch = new ApplyBatch();
        batch.add(entry(P0, 10, upsert(Op.CREATE, ORDERS, "1", "a", 100)));

        assertThatThrownBy(() -> batch.progress().clear())
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> batch.unreadable().clear())
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> batch.changesByTable().get(ORDERS).clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void truncateMarkerDropsEarlierChangesOfItsPartitionOnlyAndKeepsLaterOnes() {
        ApplyBatch batch = new ApplyBatch();
        batch.add(entry(P0, 10, upsert(Op.READ, ORDERS, "1", "new", 100)));
        batch.add(entry(P1, 20, upsert(Op.READ, ORDERS, "2", "new", 100)));
        batch.add(entry(P0, 11, ChangeEvent.truncate("s", ORDERS, position(200), null)));
        batch.add(entry(P0, 12, upsert(Op.READ, ORDERS, "3", "paid", 300)));

        assertThat(batch.truncations()).containsOnlyKeys(ORDERS);
        assertThat(batch.truncations().get(ORDERS)).containsExactly(P0);
        assertThat(batch.changesByTable().get(ORDERS)).extracting(ApplyBatch.Entry::offset).containsExactly(20L, 12L);
        assertThat(batch.progress().get(P0).offset()).isEqualTo(12);
        assertThat(batch.firstOffsets()).containsEntry(P0, 10L).containsEntry(P1, 20L);
        assertThat(batch.received()).isEqualTo(4);
    }

    @Test
    void truncateMarkerAloneIsNotAnEmptyBatch() {
        ApplyBatch batch = new ApplyBatch();
        batch.add(entry(P1, 5, ChangeEvent.truncate("s", ORDERS, position(1), null)));

        assertThat(batch.isEmpty()).isFalse();
        assertThat(batch.changesByTable()).isEmpty();
        assertThat(batch.truncations().get(ORDERS)).containsExactly(P1);
        assertThat(batch.progress().get(P1).offset()).isEqualTo(5);
    }

    private static ApplyBatch.Entry entry(PartitionKey p, long offset, ChangeEvent e) {
        return new ApplyBatch.Entry(p, offset, new byte[0], new byte[0], e);
    }

    private static BinlogPosition position(long pos) {
        return new BinlogPosition("binlog.000003", pos, 0, "0-1-" + pos);
    }

    private static ChangeEvent upsert(Op op, TableId table, String id, String status, long pos) {
        Map<String, String> after = new LinkedHashMap<>();
        after.put("id", id);
        after.put("status", status);
        return ChangeEvent.of(op, "mariadb", table, Map.of("id", id), after, null, position(pos), 1_700_000_000_000L, null, 1);
    }

    private static ChangeEvent delete(TableId table, String id, long pos) {
        Map<String, String> before = new LinkedHashMap<>();
        before.put("id", id);
        before.put("status", "gone");
        return ChangeEvent.of(Op.DELETE, "mariadb", table, Map.of("id", id), null, before, position(pos), null, null, 1);
    }

    private static ChangeEvent compositeLine(TableId table, String order, String line, String qty, long pos) {
        Map<String, String> key = new LinkedHashMap<>();
        key.put("order_id", order);
        key.put("line_no", line);
        Map<String, String> after = new LinkedHashMap<>(key);
        after.put("qty", qty);
        return ChangeEvent.of(Op.UPDATE, "mariadb", table, key, after, null, position(pos), null, null, 1);
    }
}
