package io.ferry.capture.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CopyTextTest {

    private static String field(String pgType, String canonical) {
        StringBuilder sb = new StringBuilder();
        CopyText.encoder(pgType).append(sb, canonical);
        return sb.toString();
    }

    @Test
    void nullIsBackslashN() {
        assertThat(field("text", null)).isEqualTo("\\N");
    }

    @Test
    void escapesBackslashTabAndLineEnds() {
        assertThat(field("character varying(20)", "a\\b\tc\nd\re")).isEqualTo("a\\\\b\\tc\\nd\\re");
        assertThat(field("text", "\\N")).as("a text that looks like NULL stays text").isEqualTo("\\\\N");
        // Whole when nothing needs escaping; the same wherever the first character to escape is.
        assertThat(field("text", "plain ü😀 text")).isEqualTo("plain ü😀 text");
        assertThat(field("text", "")).isEqualTo("");
        assertThat(field("text", "\tlead")).isEqualTo("\\tlead");
        assertThat(field("text", "trail\n")).isEqualTo("trail\\n");
        assertThat(field("text", "ü\\")).isEqualTo("ü\\\\");
    }

    @Test
    void byteaGoesFromBase64ToEscapedHex() {
        assertThat(field("bytea", "AP8Q")).isEqualTo("\\\\x00ff10");
        assertThat(field("bytea", "")).isEqualTo("\\\\x");
    }

    @Test
    void setLabelsBecomeAQuotedArrayLiteral() {
        assertThat(field("text[]", "a,b c")).isEqualTo("{\"a\",\"b c\"}");
        assertThat(field("character varying(10)[]", "")).isEqualTo("{}");
        assertThat(field("text[]", "q\"uote,back\\slash")).isEqualTo("{\"q\\\\\"uote\",\"back\\\\\\\\slash\"}");
    }

    @Test
    void fixedWidthBitsGetTheirLeadingZerosBack() {
        assertThat(field("bit(5)", "101")).isEqualTo("00101");
        assertThat(field("bit varying(8)", "101")).isEqualTo("101");
    }

    @Test
    void otherTypesTakeTheCanonicalTextAsIs() {
        assertThat(field("timestamp(3) with time zone", "2024-03-10 07:30:00.5Z")).isEqualTo("2024-03-10 07:30:00.5Z");
        assertThat(field("numeric(20,0)", "18446744073709551615")).isEqualTo("18446744073709551615");
        assertThat(field("jsonb", "{\"a\":\"x\\ty\"}")).isEqualTo("{\"a\":\"x\\\\ty\"}");
    }
}
