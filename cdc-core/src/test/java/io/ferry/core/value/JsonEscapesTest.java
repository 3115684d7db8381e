package io.ferry.core.value;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonEscapesTest {

    private static String escaped(String s, boolean upper) {
        StringBuilder out = new StringBuilder();
        JsonEscapes.append(out, s, upper);
        return out.toString();
    }

    @Test
    void escapesQuotesBackslashesAndControlCharactersOnly() {
        assertThat(escaped("a\"b\\c\b\f\n\r\t/ü😀\u007f", true)).isEqualTo("a\\\"b\\\\c\\b\\f\\n\\r\\t/ü😀\u007f");
        assertThat(escaped("\u0001\u001f", true)).as("Jackson's hex").isEqualTo("\\u0001\\u001F");
        assertThat(escaped("\u0001\u001f", false)).as("jsonb's hex").isEqualTo("\\u0001\\u001f");
        assertThat(escaped("", true)).isEmpty();
    }
}
