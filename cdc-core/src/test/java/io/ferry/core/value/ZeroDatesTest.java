package io.ferry.core.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.core.config.TypesConfig.ZeroDateRule;
import io.ferry.core.config.ZeroDatePolicy;
import org.junit.jupiter.api.Test;

class ZeroDatesTest {

    @Test
    void zeroPartsAndImpossibleDatesAreZeroOrInvalidRealDatesAreNot() {
        assertThat(ZeroDates.isZeroOrInvalid("0000-00-00")).isTrue();
        assertThat(ZeroDates.isZeroOrInvalid("0000-00-00 00:00:00")).isTrue();
        assertThat(ZeroDates.isZeroOrInvalid("2024-00-10")).isTrue();
        assertThat(ZeroDates.isZeroOrInvalid("2024-05-00 10:00:00.5")).isTrue();
        assertThat(ZeroDates.isZeroOrInvalid("2023-02-29")).as("not a leap year").isTrue();
        assertThat(ZeroDates.isZeroOrInvalid("2024-02-31")).isTrue();
        assertThat(ZeroDates.isZeroOrInvalid("2024-02-29")).isFalse();
        assertThat(ZeroDates.isZeroOrInvalid("1000-01-01 00:00:00")).isFalse();
        assertThat(ZeroDates.isZeroOrInvalid("9999-12-31")).isFalse();
        assertThat(ZeroDates.isZeroOrInvalid("-838:59:59")).as("a TIME is no date").isFalse();
    }

    @Test
    void eachPolicyGivesNullASentinelInTheColumnsFormOrAnErrorNamingTheColumn() {
        assertThat(ZeroDates.replacement(new ZeroDateRule(ZeroDatePolicy.AS_NULL, null), LogicalType.DATE, "t.c", "0000-00-00")).isNull();
        assertThat(ZeroDates.replacement(new ZeroDateRule(ZeroDatePolicy.SENTINEL, "0001-01-01"), LogicalType.DATE, "t.c", null))
                .isEqualTo("0001-01-01");
        assertThat(ZeroDates.replacement(new ZeroDateRule(ZeroDatePolicy.SENTINEL, "0001-01-01"), LogicalType.DATETIME, "t.c", null))
                .isEqualTo("0001-01-01 00:00:00");
        assertThat(ZeroDates.replacement(new ZeroDateRule(ZeroDatePolicy.SENTINEL, "1970-01-01T00:00:01.5"), LogicalType.TIMESTAMP, "t.c", null))
                .isEqualTo("1970-01-01 00:00:01.5Z");
        assertThatThrownBy(() -> ZeroDates.replacement(new ZeroDateRule(ZeroDatePolicy.ERROR, null), LogicalType.DATE, "orders.shipped", "2024-00-10"))
                .isInstanceOf(ZeroDateException.class)
                .hasMessageContaining("orders.shipped").hasMessageContaining("'2024-00-10'").hasMessageContaining("as_null or sentinel");
    }

    @Test
    void aSentinelThatIsNoValidValueOfTheColumnIsRefused() {
        assertThatThrownBy(() -> ZeroDates.sentinel(LogicalType.DATE, "0000-00-00", "t.c"))
                .hasMessageContaining("t.c").hasMessageContaining("'0000-00-00'");
        assertThatThrownBy(() -> ZeroDates.sentinel(LogicalType.DATETIME, "yesterday", "t.c")).hasMessageContaining("yesterday");
        assertThatThrownBy(() -> ZeroDates.sentinel(LogicalType.TIME, "00:00:00", "t.c")).hasMessageContaining("TIME");
    }
}
