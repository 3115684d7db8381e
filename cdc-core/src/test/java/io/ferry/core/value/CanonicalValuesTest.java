package io.ferry.core.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class CanonicalValuesTest {

    @Test
    void integersKeepEveryWidthIncludingUnsigned64() {
        assertThat(CanonicalValues.ofInteger(Long.MIN_VALUE)).isEqualTo("-9223372036854775808");
        assertThat(CanonicalValues.ofUnsignedInteger(-1L)).isEqualTo("18446744073709551615");
        assertThat(CanonicalValues.ofInteger(new BigInteger("18446744073709551615"))).isEqualTo("18446744073709551615");
        assertThat(CanonicalValues.ofInteger(-128)).isEqualTo("-128");
    }

    @Test
    void decimalsArePlainWithoutTrailingZeros() {
        assertThat(CanonicalValues.ofDecimal(new BigDecimal("1.50"))).isEqualTo("1.5");
        assertThat(CanonicalValues.ofDecimal(new BigDecimal("100"))).isEqualTo("100");
        assertThat(CanonicalValues.ofDecimal(new BigDecimal("1E+3"))).isEqualTo("1000");
        assertThat(CanonicalValues.ofDecimal(new BigDecimal("0.000"))).isEqualTo("0");
        assertThat(CanonicalValues.ofDecimal(new BigDecimal("-0.00100"))).isEqualTo("-0.001");
        String max65 = "99999999999999999999999999999999999.999999999999999999999999999999";
        assertThat(CanonicalValues.ofDecimal(new BigDecimal(max65))).isEqualTo(max65);
        assertThat(CanonicalValues.ofDecimal(new BigDecimal("0.000000000000000000000000000001")))
                .isEqualTo("0.000000000000000000000000000001");
    }

    @Test
    void floatingPointSpecialValuesHaveOneSpelling() {
        assertThat(CanonicalValues.ofDouble(Double.NaN)).isEqualTo("NaN");
        assertThat(CanonicalValues.ofDouble(Double.POSITIVE_INFINITY)).isEqualTo("Infinity");
        assertThat(CanonicalValues.ofDouble(Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
        assertThat(CanonicalValues.ofDouble(-0.0)).isEqualTo("-0");
        assertThat(CanonicalValues.ofDouble(0.0)).isEqualTo("0");
        assertThat(CanonicalValues.ofDouble(2.5)).isEqualTo("2.5");
        assertThat(CanonicalValues.ofDouble(100.0)).isEqualTo("1E+2");
        assertThat(CanonicalValues.ofDouble(Double.MAX_VALUE)).isEqualTo("1.7976931348623157E+308");
        assertThat(CanonicalValues.ofFloat(0.1f)).isEqualTo("0.1");
    }

    @Test
    void datesAndDateTimesKeepFullFractionWithoutTrailingZeros() {
        assertThat(CanonicalValues.ofDate(LocalDate.of(1000, 1, 1))).isEqualTo("1000-01-01");
        assertThat(CanonicalValues.ofEpochDay(0)).isEqualTo("1970-01-01");
        assertThat(CanonicalValues.ofDateTime(LocalDateTime.of(2024, 3, 10, 2, 30, 0)))
                .isEqualTo("2024-03-10 02:30:00");
        assertThat(CanonicalValues.ofDateTime(LocalDateTime.of(2024, 3, 10, 2, 30, 0, 120_000_000)))
                .isEqualTo("2024-03-10 02:30:00.12");
        assertThat(CanonicalValues.ofDateTime(LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000)))
                .isEqualTo("9999-12-31 23:59:59.999999");
        assertThat(CanonicalValues.ofDateTimeMicros(1_000_001L)).isEqualTo("1970-01-01 00:00:01.000001");
        assertThat(CanonicalValues.ofDateTimeMicros(-1L)).isEqualTo("1969-12-31 23:59:59.999999");
    }

    @Test
    void instantsAreUtc() {
        assertThat(CanonicalValues.ofInstant(Instant.parse("2024-11-03T05:30:00.5-01:00")))
                .isEqualTo("2024-11-03 06:30:00.5Z");
        assertThat(CanonicalValues.ofInstant(Instant.EPOCH)).isEqualTo("1970-01-01 00:00:00Z");
    }

    @Test
    void timesMayBeNegativeOrBeyondADay() {
        assertThat(CanonicalValues.ofTimeMicros(0)).isEqualTo("00:00:00");
        assertThat(CanonicalValues.ofTimeMicros(((838L * 3600) + 59 * 60 + 59) * 1_000_000L)).isEqualTo("838:59:59");
        assertThat(CanonicalValues.ofTimeMicros(-((1L * 3600) + 1) * 1_000_000L - 500_000)).isEqualTo("-01:00:01.5");
        assertThat(CanonicalValues.ofTimeMicros(45_296_000_001L)).isEqualTo("12:34:56.000001");
    }

    @Test
    void timeTextFromEitherEngineReadsCanonically() {
        assertThat(CanonicalValues.ofTimeText("-838:59:59.000000")).isEqualTo("-838:59:59");
        assertThat(CanonicalValues.ofTimeText("838:59:59")).isEqualTo("838:59:59");
        assertThat(CanonicalValues.ofTimeText("-00:00:00.000001")).isEqualTo("-00:00:00.000001");
        assertThat(CanonicalValues.ofTimeText("12:34:56.5")).isEqualTo("12:34:56.5");
        assertThatThrownBy(() -> CanonicalValues.ofTimeText("1 day")).hasMessageContaining("1 day");
    }

    @Test
    void binaryIsBase64() {
        assertThat(CanonicalValues.ofBytes(new byte[] {0, 0, (byte) 0xff})).isEqualTo("AAD/");
        assertThat(CanonicalValues.ofBytes(new byte[0])).isEmpty();
    }

    @Test
    void jsonIsNormalisedWithSortedKeysAndExactNumbers() {
        assertThat(CanonicalValues.ofJson("{ \"b\" : [1, 2.50, 12345678901234567890123],\n \"a\": \"\u00e9\ud83d\ude00\" }"))
                .isEqualTo("{\"a\":\"\u00e9\ud83d\ude00\",\"b\":[1,2.50,12345678901234567890123]}");
        assertThat(CanonicalValues.ofJson("{\"z\":{\"y\":1,\"x\":null}}")).isEqualTo("{\"z\":{\"x\":null,\"y\":1}}");
        assertThat(CanonicalValues.ofJson("\"text\"")).isEqualTo("\"text\"");
        assertThatThrownBy(() -> CanonicalValues.ofJson("{oops")).hasMessageContaining("not a JSON document");
    }

    @Test
    void setsAreSortedLabels() {
        assertThat(CanonicalValues.ofSet(List.of("red", "blue", "green"))).isEqualTo("blue,green,red");
        assertThat(CanonicalValues.ofSetText("b,a")).isEqualTo("a,b");
        assertThat(CanonicalValues.ofSetText("")).isEmpty();
        assertThat(CanonicalValues.ofEnum("gold tier")).isEqualTo("gold tier");
        assertThat(CanonicalValues.ofBoolean(true)).isEqualTo("true");
    }

    @Test
    void aTinyintOneIsABooleanOnlyWhenZeroOrOneAndOtherwiseKeepsItsNumber() {
        assertThat(CanonicalValues.ofTinyint1(0)).isEqualTo("false");
        assertThat(CanonicalValues.ofTinyint1(1)).isEqualTo("true");
        assertThat(CanonicalValues.ofTinyint1(2)).isEqualTo("2").isNotEqualTo(CanonicalValues.ofBoolean(true));
        assertThat(CanonicalValues.ofTinyint1(-128)).isEqualTo("-128");
    }

    @Test
    void bitStringsReadTheSameWhateverTheirWidth() {
        assertThat(CanonicalValues.ofBits(new byte[] {0x00, 0x05})).isEqualTo("101");
        assertThat(CanonicalValues.ofBits(new byte[] {0x00})).isEqualTo("0");
        assertThat(CanonicalValues.ofBits(new byte[] {0x0f, (byte) 0xff})).isEqualTo("111111111111");
        assertThat(CanonicalValues.ofBitText("000000000101")).isEqualTo("101");
        assertThat(CanonicalValues.ofBitText("0000")).isEqualTo("0");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CanonicalValues.ofBitText("012")).hasMessageContaining("'012'");
    }
}
