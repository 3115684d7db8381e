package io.ferry.core.schema.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.core.value.CanonicalValues;
import org.junit.jupiter.api.Test;

class ReverseBindTest {

    private static String back(String columnType, String canonical) {
        return ReverseBind.of(columnType).text(canonical, "db.t.c");
    }

    @Test
    void choosesTheBindByTheSourceColumnType() {
        assertThat(ReverseBind.of("tinyint(1)")).isEqualTo(ReverseBind.TINYINT1);
        assertThat(ReverseBind.of("tinyint(4)")).isEqualTo(ReverseBind.AS_IS);
        assertThat(ReverseBind.of("tinyint(3) unsigned")).isEqualTo(ReverseBind.AS_IS);
        assertThat(ReverseBind.of("bigint(20) unsigned")).isEqualTo(ReverseBind.AS_IS);
        assertThat(ReverseBind.of("bit(1)")).isEqualTo(ReverseBind.BITS);
        assertThat(ReverseBind.of("bit(64)")).isEqualTo(ReverseBind.BITS);
        assertThat(ReverseBind.of("float")).isEqualTo(ReverseBind.FLOAT4);
        assertThat(ReverseBind.of("float unsigned")).isEqualTo(ReverseBind.FLOAT4);
        assertThat(ReverseBind.of("double")).isEqualTo(ReverseBind.FLOAT8);
        assertThat(ReverseBind.of("time(6)")).isEqualTo(ReverseBind.TIME);
        assertThat(ReverseBind.of("timestamp(3)")).isEqualTo(ReverseBind.TIMESTAMP);
        assertThat(ReverseBind.of("datetime(6)")).isEqualTo(ReverseBind.AS_IS);
        assertThat(ReverseBind.of("varbinary(16)")).isEqualTo(ReverseBind.BINARY);
        assertThat(ReverseBind.of("longblob")).isEqualTo(ReverseBind.BINARY);
        assertThat(ReverseBind.of("enum('a','b')")).isEqualTo(ReverseBind.AS_IS);
        assertThat(ReverseBind.of("set('a','b')")).isEqualTo(ReverseBind.AS_IS);
        assertThat(ReverseBind.of("longtext")).isEqualTo(ReverseBind.AS_IS);
        assertThat(ReverseBind.of("year(4)")).isEqualTo(ReverseBind.AS_IS);
    }

    @Test
    void booleansGoBackAsOneAndZero() {
        assertThat(back("tinyint(1)", "true")).isEqualTo("1");
        assertThat(back("tinyint(1)", "false")).isEqualTo("0");
        assertThat(back("tinyint(1)", "7")).as("tinyint1: smallint carries numbers").isEqualTo("7");
        assertThat(back("bit(1)", "true")).isEqualTo("1");
        assertThat(back("bit(1)", "false")).isEqualTo("0");
        assertThat(ReverseBind.BITS.placeholder()).isEqualTo("CAST(CONV(?, 2, 10) AS UNSIGNED)");
    }

    @Test
    void bitStringsGoBackAsTheirDigits() {
        assertThat(back("bit(8)", "101")).isEqualTo("101");
        assertThat(back("bit(64)", "1".repeat(64))).isEqualTo("1".repeat(64));
        assertThatThrownBy(() -> back("bit(8)", "12")).hasMessageContaining("db.t.c");
    }

    @Test
    void floatsAreWidenedExactlySoTheLargestFloatFitsMySqlsRange() {
        String max = CanonicalValues.ofFloat(Float.MAX_VALUE);
        assertThat(max).isEqualTo("3.4028235E+38");
        assertThat(Double.parseDouble(back("float", max))).isEqualTo((double) Float.MAX_VALUE);
        assertThat(Float.parseFloat(back("float", "0.1"))).isEqualTo(0.1f);
        assertThat(back("float", "-0")).isEqualTo("0");
        assertThat(back("double", "1.7976931348623157E+308")).isEqualTo("1.7976931348623157E+308");
        assertThatThrownBy(() -> back("double", "NaN")).hasMessageContaining("db.t.c").hasMessageContaining("NaN");
        assertThatThrownBy(() -> back("float", "-Infinity")).hasMessageContaining("-Infinity");
    }

    @Test
    void intervalsAsDebeziumSpellsThemBecomeTimes() {
        assertThat(back("time", "P0Y0M0DT838H59M59S")).isEqualTo("838:59:59");
        assertThat(back("time(6)", "P0Y0M0DT-838H-59M-59.999999S")).isEqualTo("-838:59:59.999999");
        assertThat(back("time", "P0Y0M1DT2H3M4.5S")).isEqualTo("26:03:04.5");
        assertThat(back("time", "P0Y0M0DT0H0M0S")).isEqualTo("00:00:00");
        assertThat(back("time", "P0Y0M0DT1H-30M0S")).as("parts with their own signs").isEqualTo("00:30:00");
        assertThat(back("time", "-12:00:01.25")).as("a canonical time").isEqualTo("-12:00:01.25");
        assertThatThrownBy(() -> back("time", "P0Y1M0DT0H0M0S")).hasMessageContaining("months");
        assertThatThrownBy(() -> back("time", "soon")).hasMessageContaining("db.t.c");
    }

    @Test
    void instantsAreWrittenAsUtcWallTime() {
        assertThat(back("timestamp(6)", "2038-01-19 03:14:07.999999Z")).isEqualTo("2038-01-19 03:14:07.999999");
        assertThatThrownBy(() -> back("timestamp", "2038-01-19 03:14:07")).hasMessageContaining("instant");
    }

    @Test
    void everythingElseIsReadByMySqlAsItIs() {
        assertThat(back("bigint(20) unsigned", "18446744073709551615")).isEqualTo("18446744073709551615");
        assertThat(back("decimal(65,30)", "-12345.5")).isEqualTo("-12345.5");
        assertThat(back("set('a','b','c')", "a,c")).isEqualTo("a,c");
        assertThat(back("enum('Y','N')", "Y")).isEqualTo("Y");
        assertThat(back("longtext", "{\"a\":1}")).isEqualTo("{\"a\":1}");
        assertThat(back("varbinary(4)", "AAEC")).isEqualTo("AAEC");
        assertThat(ReverseBind.BINARY.placeholder()).isEqualTo("FROM_BASE64(?)");
        assertThat(back("int(11)", null)).isNull();
    }
}
