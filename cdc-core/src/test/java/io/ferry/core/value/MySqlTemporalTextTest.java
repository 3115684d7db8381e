package io.ferry.core.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The text paths for MySQL dates (used by the bulk load) agree with the parsed ones (used by the other readers). */
class MySqlTemporalTextTest {

    private static final List<String> DATE_TIMES = List.of("2024-03-10 02:30:00", "2024-03-10 02:30:00.000000", "2024-03-10 02:30:00.500",
            "2024-03-10 02:30:00.000001", "1000-01-01 00:00:00.100000", "9999-12-31 23:59:59.999999", "0001-01-01 00:00:00.0",
            "2024-02-29 12:00:00.120");

    @Test
    void dateTimeTextIsTheCanonicalFormOfTheParsedValue() {
        for (String text : DATE_TIMES) {
            assertThat(CanonicalValues.ofDateTimeText(text)).as(text)
                    .isEqualTo(CanonicalValues.ofDateTime(LocalDateTime.parse(text.replace(' ', 'T'))));
        }
    }

    @Test
    void refusesTextThatIsNotADateTime() {
        assertThatThrownBy(() -> CanonicalValues.ofDateTimeText("2024-03-10")).hasMessageContaining("yyyy-MM-dd HH:mm:ss");
        assertThatThrownBy(() -> CanonicalValues.ofDateTimeText("2024-03-10T02:30:00")).hasMessageContaining("yyyy-MM-dd HH:mm:ss");
    }

    @Test
    void zeroAndInvalidDatesAreFoundWithAndWithoutTheFastPath() {
        assertThat(ZeroDates.isZeroOrInvalid("0000-00-00")).isTrue();
        assertThat(ZeroDates.isZeroOrInvalid("0000-00-00 00:00:00.000")).isTrue();
        assertThat(ZeroDates.isZeroOrInvalid("2024-00-10")).isTrue();
        assertThat(ZeroDates.isZeroOrInvalid("2024-02-31 10:00:00")).isTrue();
        assertThat(ZeroDates.isZeroOrInvalid(" 2024-02-30T10:00:00 ")).isTrue();
        assertThat(ZeroDates.isZeroOrInvalid("2024-02-29 10:00:00")).isFalse();
        assertThat(ZeroDates.isZeroOrInvalid("2023-02-29")).isTrue();
        assertThat(ZeroDates.isZeroOrInvalid("10:00:00")).as("not a date").isFalse();
        assertThat(ZeroDates.isZeroOrInvalid("2024-1-05")).as("not the server's shape").isFalse();
    }
}
