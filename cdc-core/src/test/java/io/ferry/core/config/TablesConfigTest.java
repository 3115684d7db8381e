package io.ferry.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TablesConfigTest {

    @Test
    void includesEveryTableByDefault() {
        assertThat(TablesConfig.ALL.include()).containsExactly("*");
        assertThat(TablesConfig.ALL.exclude()).isEmpty();
        assertThat(TablesConfig.ALL.includes("orders")).isTrue();
        assertThat(TablesConfig.ALL.includes("")).isTrue();
    }

    @Test
    void matchesStarAndQuestionMarkGlobs() {
        TablesConfig tables = new TablesConfig(List.of("order_*", "customer?", "a*b*c"), null);

        assertThat(tables.includes("order_lines")).isTrue();
        assertThat(tables.includes("order_")).isTrue();
        assertThat(tables.includes("orders")).isFalse();
        assertThat(tables.includes("customers")).isTrue();
        assertThat(tables.includes("customer")).isFalse();
        assertThat(tables.includes("customer_x")).isFalse();
        assertThat(tables.includes("aXbYbZc")).isTrue();
        assertThat(tables.includes("aXbYcZ")).isFalse();
    }

    @Test
    void matchesCaseSensitivelyAsTheSourceSpellsNames() {
        assertThat(new TablesConfig(List.of("Orders"), null).includes("orders")).isFalse();
    }

    @Test
    void excludeWinsOverInclude() {
        TablesConfig tables = new TablesConfig(List.of("*"), List.of("*_tmp", "audit"));

        assertThat(tables.includes("orders")).isTrue();
        assertThat(tables.includes("orders_tmp")).isFalse();
        assertThat(tables.includes("audit")).isFalse();
        assertThat(tables.includes("audit_log")).isTrue();
    }

    @Test
    void isImmutable() {
        TablesConfig tables = new TablesConfig(new java.util.ArrayList<>(List.of("a")), null);

        assertThatThrownBy(() -> tables.include().add("b")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void refusesBlankPatternsNamingTheirIndex() {
        assertThatThrownBy(() -> new TablesConfig(List.of("a", " "), List.of("")))
                .isInstanceOf(InvalidValuesException.class)
                .hasMessageContaining("include[1] must not be empty")
                .hasMessageContaining("exclude[0] must not be empty");
    }
}
