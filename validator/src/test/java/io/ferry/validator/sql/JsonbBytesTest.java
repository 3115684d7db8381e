package io.ferry.validator.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fast path renders a document exactly as {@link JsonbText} does, or declines it. */
class JsonbBytesTest {

    private static String fast(String json) {
        JsonbBytes r = new JsonbBytes();
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        if (!r.append(b, 0, b.length)) {
            return null;
        }
        return new String(Arrays.copyOf(r.buffer(), r.length()), StandardCharsets.UTF_8);
    }

    @Test
    void rendersAsJsonbPrints() {
        assertThat(fast("{\"qty\": 1, \"tags\": [\"red\", \"big\"], \"gift\": false, \"price\": 0.5, \"customer\": {\"tier\": 1, \"vip\": false}}"))
                .isEqualTo("{\"qty\": 1, \"gift\": false, \"tags\": [\"red\", \"big\"], \"price\": 0.5, \"customer\": {\"vip\": false, \"tier\": 1}}");
        assertThat(fast("{\"b\":1,\"a\":2,\"aa\":{\"z\":null,\"y\":true},\"a\":3}")).isEqualTo("{\"a\": 3, \"b\": 1, \"aa\": {\"y\": true, \"z\": null}}");
        assertThat(fast("  { \"k\" : [ true , false , null ] , \"e\": {}, \"f\": [ ] }  ")).isEqualTo("{\"e\": {}, \"f\": [], \"k\": [true, false, null]}");
        assertThat(fast("{\"d\": 1.50, \"big\": 12345678901234567890123, \"u\": \"\u00e9\u4e2d\ud83d\ude00\"}"))
                .isEqualTo("{\"d\": 1.50, \"u\": \"\u00e9\u4e2d\ud83d\ude00\", \"big\": 12345678901234567890123}");
        // Members already in jsonb's order stand as rendered; a duplicate key still keeps only the last.
        assertThat(fast("{\"a\":1,\"b\":{\"x\":[1,2],\"yy\":{}},\"cc\":\"z\"}")).isEqualTo("{\"a\": 1, \"b\": {\"x\": [1, 2], \"yy\": {}}, \"cc\": \"z\"}");
        assertThat(fast("{\"a\":1,\"a\":2,\"b\":3}")).isEqualTo("{\"a\": 2, \"b\": 3}");
        assertThat(fast("{\"a\":1,\"b\":2,\"b\":3}")).isEqualTo("{\"a\": 1, \"b\": 3}");
    }

    @Test
    void declinesWhatItDoesNotCopyAsWritten() {
        for (String doc : List.of("1e2", "-0.0", "-0", "\"a\\nb\"", "{\"\\u0061\": 1}", "[1E5]", "\"tab\there\"", "", "{", "[1,]", "{\"a\" 1}",
                "01", "1.", "[1] x", "nul", "{\"a\":1,}")) {
            assertThat(fast(doc)).as(doc).isNull();
        }
    }

    @Test
    void appendsAfterWhatTheBufferHolds() {
        JsonbBytes r = new JsonbBytes();
        r.ascii("x|");
        byte[] b = "{\"b\": 1, \"a\": 2}".getBytes(StandardCharsets.UTF_8);
        assertThat(r.append(b, 0, b.length)).isTrue();
        byte[] bad = "{\"b\": 1e5}".getBytes(StandardCharsets.UTF_8);
        assertThat(r.append(bad, 0, bad.length)).isFalse();
        assertThat(new String(Arrays.copyOf(r.buffer(), r.length()), StandardCharsets.UTF_8)).isEqualTo("x|{\"a\": 2, \"b\": 1}");
    }

    @Test
    void randomDocumentsRenderAsJsonbTextOrAreDeclined() {
        Random random = new Random(20261130);
        int fastOnes = 0;
        for (int i = 0; i < 20_000; i++) {
            String doc = RandomJson.document(random);
            String expected = JsonbText.of(doc);
            String got = fast(doc);
            if (got != null) {
                fastOnes++;
                assertThat(got).as(doc).isEqualTo(expected);
            }
        }
        assertThat(fastOnes).isGreaterThan(5_000);
    }

}
