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
            String doc = document(random, 0);
            String expected = JsonbText.of(doc);
            String got = fast(doc);
            if (got != null) {
                fastOnes++;
                assertThat(got).as(doc).isEqualTo(expected);
            }
        }
        assertThat(fastOnes).isGreaterThan(5_000);
    }

    private static final List<String> KEYS = List.of("a", "b", "aa", "ab", "ba", "\u00e9", "z", "zz", "key", "kez", "\u4e2d", "\ud83d\ude00", "");
    private static final List<String> STRINGS = List.of("", "x", "red", "\u00e9t\u00e9", "a b", "\\n", "\\u00e9", "\\\"q\\\"", "\u4e2d\u6587", "/", "\\/");
    private static final List<String> NUMBERS = List.of("0", "1", "-1", "1.5", "1.50", "0.000", "-5.5", "123456789012345678901234567890", "1e2",
            "-0.0", "2E-3", "0.1", "10", "-10.25");

    private static String document(Random r, int depth) {
        int kind = depth > 3 ? 2 + r.nextInt(4) : r.nextInt(6);
        return switch (kind) {
            case 0 -> {
                StringBuilder sb = new StringBuilder("{");
                int n = r.nextInt(6);
                for (int i = 0; i < n; i++) {
                    sb.append(i > 0 ? "," + space(r) : "").append('"').append(KEYS.get(r.nextInt(KEYS.size()))).append('"').append(space(r))
                            .append(':').append(space(r)).append(document(r, depth + 1));
                }
                yield sb.append(space(r)).append('}').toString();
            }
            case 1 -> {
                StringBuilder sb = new StringBuilder("[");
                int n = r.nextInt(5);
                for (int i = 0; i < n; i++) {
                    sb.append(i > 0 ? space(r) + "," + space(r) : space(r)).append(document(r, depth + 1));
                }
                yield sb.append(space(r)).append(']').toString();
            }
            case 2 -> '"' + STRINGS.get(r.nextInt(STRINGS.size())) + '"';
            case 3 -> NUMBERS.get(r.nextInt(NUMBERS.size()));
            case 4 -> List.of("true", "false", "null").get(r.nextInt(3));
            default -> space(r) + document(r, depth + 4) + space(r);
        };
    }

    private static String space(Random r) {
        return List.of("", "", "", " ", "  ", "\n", "\t ", "\r\n").get(r.nextInt(8));
    }
}
