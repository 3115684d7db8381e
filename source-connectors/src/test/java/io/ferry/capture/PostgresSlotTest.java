package io.ferry.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostgresSlotTest {

    @Test
    void slotAndPublicationAreNamedAfterThePipelineWithinPostgresRules() {
        assertThat(PostgresSlot.slotName("shop-EU.1")).isEqualTo("ferry_shop_eu_1");
        assertThat(PostgresSlot.publicationName("shop-EU.1")).isEqualTo("ferry_shop_eu_1");
        assertThat(PostgresSlot.slotName("x".repeat(100))).hasSize(63).startsWith("ferry_x");
    }

    @Test
    void recognisesDebeziumsPlaceholderForAnUnsentToastedValueInEveryForm() {
        byte[] bytes = PostgresSlot.UNAVAILABLE.getBytes(StandardCharsets.UTF_8);
        assertThat(RecordConverter.isUnavailable(PostgresSlot.UNAVAILABLE)).isTrue();
        assertThat(RecordConverter.isUnavailable(bytes)).isTrue();
        assertThat(RecordConverter.isUnavailable(ByteBuffer.wrap(bytes))).isTrue();
        assertThat(RecordConverter.isUnavailable(List.of(PostgresSlot.UNAVAILABLE))).isTrue();
        assertThat(RecordConverter.isUnavailable("__debezium_unavailable_value ")).isFalse();
        assertThat(RecordConverter.isUnavailable(List.of(PostgresSlot.UNAVAILABLE, "x"))).isFalse();
        assertThat(RecordConverter.isUnavailable(null)).isFalse();
    }
}
