package io.ferry.apply.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.core.event.BinlogPosition;
import io.ferry.core.event.ChangeEvent;
import io.ferry.core.event.Op;
import io.ferry.core.schema.TableId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeadLetterReplayerTest {

    private static final TableId ITEMS = TableId.of("shop", "items");
    private static final TableId OTHER = TableId.of("shop", "other");

    @Test
    void aLaterChangeOfTheSameRowSupersedesTheParkedOne() {
        ChangeEvent parked = update(ITEMS, "1", 100);
        assertThat(DeadLetterReplayer.newerChange(parked, 5, List.of(update(ITEMS, "2", 110), update(ITEMS, "1", 120)), List.of(6L, 7L)))
                .isEqualTo(7L);
    }

    @Test
    void changesOfOtherRowsOrTablesLeaveTheParkedOneToApply() {
        ChangeEvent parked = update(ITEMS, "1", 100);
        assertThat(DeadLetterReplayer.newerChange(parked, 5, List.of(update(ITEMS, "2", 110), update(OTHER, "1", 120)), List.of(6L, 7L)))
                .isNull();
    }

    @Test
    void aCaptureReplayOfAnOlderChangeAtALaterOffsetDoesNotSupersede() {
        ChangeEvent parked = update(ITEMS, "1", 100);
        assertThat(DeadLetterReplayer.newerChange(parked, 5, List.of(update(ITEMS, "1", 90)), List.of(6L))).isNull();
    }

    @Test
    void theSameChangeAtALaterOffsetSupersedesSoItIsNotAppliedTwice() {
        ChangeEvent parked = update(ITEMS, "1", 100);
        assertThat(DeadLetterReplayer.newerChange(parked, 5, List.of(update(ITEMS, "1", 100)), List.of(9L))).isEqualTo(9L);
    }

    @Test
    void aLaterTruncateOfTheTableSupersedes() {
        ChangeEvent parked = update(ITEMS, "1", 100);
        assertThat(DeadLetterReplayer.newerChange(parked, 5, List.of(ChangeEvent.truncate("mariadb", ITEMS, position(130), null)),
                List.of(8L))).isEqualTo(8L);
    }

    @Test
    void recordsAtOrBeforeTheParkedOffsetAreIgnored() {
        ChangeEvent parked = update(ITEMS, "1", 100);
        assertThat(DeadLetterReplayer.newerChange(parked, 5, List.of(update(ITEMS, "1", 100)), List.of(5L))).isNull();
    }

    private static ChangeEvent update(TableId table, String id, long pos) {
        return ChangeEvent.of(Op.UPDATE, "mariadb", table, Map.of("id", id), Map.of("id", id, "qty", "1"), null, position(pos), null, null, 1);
    }

    private static BinlogPosition position(long pos) {
        return new BinlogPosition("binlog.000003", pos, 0, "0-1-" + pos);
    }
}
