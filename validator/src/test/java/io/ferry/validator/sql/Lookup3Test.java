package io.ferry.validator.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Values printed by PostgreSQL 15 on x86-64 for {@code SELECT hashtextextended(s, 0)}. */
class Lookup3Test {

    @ParameterizedTest
    @CsvSource(delimiter = '\t', value = {
            "''\t-6939563903564495251",
            "a\t3591986179850072241",
            "ab\t2833316173711343549",
            "abc\t-6747756470228489321",
            "abcd\t-1038429303365892052",
            "abcde\t3076356108696143428",
            "abcdef\t290958262752763840",
            "abcdefg\t-6158032784613548338",
            "abcdefgh\t-8882191227074733005",
            "abcdefghi\t-3278210106038014113",
            "abcdefghij\t-3183301415634409076",
            "abcdefghijk\t3112909444737856467",
            "abcdefghijkl\t-7556637188122330412",
            "abcdefghijklm\t8871624171452417744",
            "größe 中 😀 and a longer text of thirty-odd bytes|N|12:xyz\t4151778626253133027",
            "1|2|3:new|1.25|N|true|2024-01-01 00:00:01.000997\t-7279329827962709494"})
    void hashesTextAsPostgresHashtextextended(String text, long expected) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        assertThat(Lookup3.of(b, 0, b.length, 0)).isEqualTo(expected);
    }

    @Test
    void aSeedAndAnOffsetAreHonoured() {
        byte[] b = "xxabcyy".getBytes(StandardCharsets.UTF_8);
        assertThat(Lookup3.of(b, 2, 3, 42)).isEqualTo(4423357919252764502L);
        assertThat(Lookup3.of(b, 2, 3, 0)).isEqualTo(-6747756470228489321L);
    }
}
