package io.ferry.validator.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.core.value.CanonicalValues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The expected texts are what PostgreSQL 15 printed for {@code ?::jsonb::text} of each input, checked by hand. */
class JsonbTextTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{}|{}",
            "[]|[]",
            "{\"big\": 12345678901234567890123, \"d\": 1.50, \"u\": \"\u00e9\u4e2d\ud83d\ude00\"}"
                    + "|{\"d\": 1.50, \"u\": \"\u00e9\u4e2d\ud83d\ude00\", \"big\": 12345678901234567890123}",
            "[1, \"\u00e9\", null, {\"b\": 2, \"a\": 1}]|[1, \"\u00e9\", null, {\"a\": 1, \"b\": 2}]",
            "{\"b\":1,\"a\":2,\"aa\":{\"z\":null,\"y\":true},\"a\":3}|{\"a\": 3, \"b\": 1, \"aa\": {\"y\": true, \"z\": null}}",
            "1e2|100",
            "-0|0",
            "-0.0|0.0",
            "1.5e-3|0.0015",
            "1.0E+2|100",
            "\"x\\u00e9/\\n\\t\\u0001\\u001f\\\\\\\"\"|\"x\u00e9/\\n\\t\\u0001\\u001f\\\\\\\"\"",
            "{\"\u00e9\":1,\"z\":2,\"zz\":3,\"\u4e2d\":4}|{\"z\": 2, \"zz\": 3, \"\u00e9\": 1, \"\u4e2d\": 4}",
            "[1e-20, 123456789.123456789e5, 0.000, 100, -5.5]|[0.00000000000000000001, 12345678912345.6789, 0.000, 100, -5.5]",
            "`  { \"k\" : [ true , false , null ] }  `|{\"k\": [true, false, null]}",
            "{\"a\": {}, \"b\": []}|{\"a\": {}, \"b\": []}",
    })
    void rendersAJsonDocumentAsPostgresPrintsItsJsonb(String input, String expected) {
        assertThat(JsonbText.of(input)).isEqualTo(expected);
    }

    @Test
    void keepsTheCanonicalValueOfTheDocument() {
        String doc = "{\"z\": [1.50, 1e2, -0.0], \"a\": {\"y\": \"\\u00e9\", \"x\": null}, \"a\": 7}";
        assertThat(CanonicalValues.ofJson(JsonbText.of(doc))).isEqualTo(CanonicalValues.ofJson(doc));
    }

    @Test
    void aTextThatIsNotOneJsonDocumentHasNoRendering() {
        assertThat(JsonbText.of("{\"a\": ")).isNull();
        assertThat(JsonbText.of("[1] [2]")).isNull();
        assertThat(JsonbText.of("")).isNull();
    }
}
