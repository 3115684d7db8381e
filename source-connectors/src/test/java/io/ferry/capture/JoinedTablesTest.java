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
    void theSignalAsksDebeziumForABlockingSnapshotOfTheJoinedTables() throws Exception {
        String signal = JoinedTables.signal("id-1", List.of(TableId.of("shop", "notes"), TableId.of("shop", "Order Items (2024)")));

        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(signal);
        assertThat(json.get("id").asText()).isEqualTo("id-1");
        assertThat(json.get("type").asText()).isEqualTo("execute-snapshot");
        assertThat(json.get("data").get("type").asText()).isEqualTo("blocking");
        // Debezium matches each entry as a regular expression against the table's name as it prints it.
        List<java.util.regex.Pattern> patterns = new java.util.ArrayList<>();
        json.get("data").get("data-collections").forEach(c -> patterns.add(java.util.regex.Pattern.compile(c.asText())));
        assertThat(patterns).hasSize(2);
        assertThat(patterns.get(0).matcher(new io.debezium.relational.TableId("shop", null, "notes").identifier()).matches()).isTrue();
        assertThat(patterns.get(1).matcher(new io.debezium.relational.TableId("shop", null, "Order Items (2024)").identifier()).matches()).isTrue();
        // A name's dots and brackets are literal: no other table matches.
        assertThat(patterns.get(0).matcher(new io.debezium.relational.TableId("shopxnotes", null, "x").identifier()).matches()).isFalse();
        assertThat(patterns.get(1).matcher(new io.debezium.relational.TableId("shop", null, "Order Items 2024").identifier()).matches()).isFalse();
    }
}
