package io.ferry.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.core.schema.TableId;
import java.util.List;
import org.junit.jupiter.api.Test;

class JoinedTablesTest {

    @Test
    void joinedTablesAreThoseTheNewListHasAndTheOldDidNot() {
        TableId orders = TableId.of("shop", "orders");
        TableId notes = TableId.of("shop", "notes");
        TableId items = TableId.of("shop", "items");

        assertThat(JoinedTables.of(List.of(orders, notes, items), List.of(orders, items))).containsExactly(notes);
        assertThat(JoinedTables.of(List.of(orders), List.of(orders, notes))).isEmpty();
    }

    @Test
    void theSignalAsksDebeziumForABlockingSnapshotOfTheJoinedTables() {
        String signal = JoinedTables.signal("id-1", List.of(TableId.of("shop", "notes"), TableId.of("shop", "tags")));

        assertThat(signal).isEqualTo("{\"id\":\"id-1\",\"type\":\"execute-snapshot\",\"data\":{\"type\":\"blocking\","
                + "\"data-collections\":[\"shop.notes\",\"shop.tags\"]}}");
    }
}
