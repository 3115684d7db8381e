package io.ferry.orchestrator.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PgIdentifiersTest {

    @Test
    void keepsNamesThatFitAsTheyAre() {
        assertThat(PgIdentifiers.shorten("Order Lines")).isEqualTo("Order Lines");
        assertThat(PgIdentifiers.shorten("x".repeat(63))).isEqualTo("x".repeat(63));
    }

    @Test
    void shortensLongNamesDeterministicallyWithinSixtyThreeBytes() {
        String longName = "a_really_long_table_name_that_goes_on_and_on_past_the_postgres_limit_of_63";
        String once = PgIdentifiers.shorten(longName);
        assertThat(once).isEqualTo(PgIdentifiers.shorten(longName));
        assertThat(once.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(63);
        assertThat(once).startsWith("a_really_long_table_name").matches(".*_[0-9a-f]{8}");
        assertThat(PgIdentifiers.shorten(longName + "x")).isNotEqualTo(once);
    }

    @Test
    void cutsMultiByteNamesAtACharacterBoundary() {
        String emoji = "\ud83d\ude80".repeat(20); // 80 bytes
        String s = PgIdentifiers.shorten(emoji);
        assertThat(s.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(63);
        assertThat(s).doesNotContain("\ufffd").startsWith("\ud83d\ude80");
    }

    @Test
    void reportsTwoSourceNamesThatWouldCollide() {
        PgIdentifiers names = new PgIdentifiers("table shop.t");
        assertThat(names.name("a")).isEqualTo("a");
        assertThat(names.name("a")).as("the same name twice is fine").isEqualTo("a");
        assertThatThrownBy(() -> names.name("\u0000")).hasMessageContaining("NUL");
    }

    @Test
    void namesAreQuotedAsFormatTypePrintsThem() {
        org.assertj.core.api.Assertions.assertThat(PgIdentifiers.quoteIfNeeded("orders_status")).isEqualTo("orders_status");
        org.assertj.core.api.Assertions.assertThat(PgIdentifiers.quoteIfNeeded("Orders")).isEqualTo("\"Orders\"");
        org.assertj.core.api.Assertions.assertThat(PgIdentifiers.quoteIfNeeded("order")).isEqualTo("\"order\"");
        org.assertj.core.api.Assertions.assertThat(PgIdentifiers.quoteIfNeeded("a b\"c")).isEqualTo("\"a b\"\"c\"");
    }
}
