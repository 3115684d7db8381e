package io.ferry.core.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Canonical JSON is written in one pass over the parsed tree; these documents, random and awkward, read the same as
 * serialising the tree as maps sorted by key, the way it was written before (an oracle built here as it was).
 */
class CanonicalJsonTest {

    private static final ObjectMapper MAPS = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    private static String throughMaps(String json) throws Exception {
        return MAPS.writeValueAsString(MAPS.treeToValue(MAPS.readTree(json), Object.class));
    }

    @Test
    void awkwardDocumentsReadAsThroughSortedMaps() throws Exception {
        String[] docs = {
            "{\"b\":1,\"a\":[2.50,12345678901234567890123,-0,-0.0,1e2,1.5E-3,1E400,0.000000001]}",
            "{\"é\":1,\"e\":2,\"E\":3,\"\\ud83d\\ude00\":4,\"\\uffff\":5,\"\":6}",
            "[{\"z\":{\"y\":{\"x\":[]}}},{},[],null,true,false,\"\\u0001\\t\\n\\\"\\\\/\"]",
            "{\"dup\":1,\"dup\":2}", "\"just a string\"", "null", "42", "-1.000", "[1,[2,[3,[4,{\"k\":\"v\"}]]]]",
            "  {\"a\" : { \"c\":1 , \"b\":2 } }  ", "9223372036854775808", "-9223372036854775809", "0.1e-400",
            "\"\\u001f\\u001A\\u007f\\u0080\\u2028\\ud800\\/\\b\\f\"", "{\"b\":1,\"a\":2,\"b\":3,\"a\":4}", "[1E+2,1e-0,0e5,-0E-2]",
        };
        for (String d : docs) {
            assertThat(CanonicalValues.ofJson(d)).as(d).isEqualTo(throughMaps(d));
        }
        assertThat(CanonicalValues.ofJson("{\"b\":[2.50,1e2],\"a\":{\"d\":null,\"c\":true}}")).isEqualTo("{\"a\":{\"c\":true,\"d\":null},\"b\":[2.50,100]}");
    }

    @Test
    void randomDocumentsReadAsThroughSortedMaps() throws Exception {
        Random r = new Random(20261130);
        for (int i = 0; i < 20_000; i++) {
            String d = value(r, 0);
            assertThat(CanonicalValues.ofJson(d)).as(d).isEqualTo(throughMaps(d));
        }
    }

    @Test
    void theOnePassWriterTakesEveryValidDocumentOfModerateSizeAndLeavesTheRestToJackson() throws Exception {
        Random r = new Random(7);
        for (int i = 0; i < 5_000; i++) {
            String d = value(r, 0);
            assertThat(CanonicalJson.of(d)).as(d).isEqualTo(throughMaps(d));
        }
        assertThat(CanonicalJson.of("{\"a\":1} {}")).isNull();
        assertThat(CanonicalJson.of("[01]")).isNull();
        assertThat(CanonicalJson.of("{\"a\":\"raw\ttab\"}".replace("\\t", "\t"))).as("a raw control character").isNull();
        assertThat(CanonicalJson.of("1" + "0".repeat(CanonicalJson.MAX_NUMBER))).isNull();
        assertThat(CanonicalJson.of("[".repeat(CanonicalJson.MAX_DEPTH + 1) + "]".repeat(CanonicalJson.MAX_DEPTH + 1))).isNull();
        assertThat(CanonicalJson.of("1E10000")).as("beyond the scale Jackson writes plain").isNull();
        assertThat(CanonicalJson.of("{\"a\":")).isNull();
        assertThat(CanonicalJson.of("NaN")).isNull();
        // Where the Jackson path takes over, the answer is still the same.
        String deep = "[".repeat(CanonicalJson.MAX_DEPTH + 1) + "]".repeat(CanonicalJson.MAX_DEPTH + 1);
        assertThat(CanonicalValues.ofJson(deep)).isEqualTo(throughMaps(deep));
    }

    @Test
    void whatIsNotOneJsonDocumentIsRefused() {
        assertThatThrownBy(() -> CanonicalValues.ofJson("{\"a\":1} {}")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a JSON document");
        assertThatThrownBy(() -> CanonicalValues.ofJson("{\"a\":")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CanonicalValues.ofJson("")).isInstanceOf(IllegalArgumentException.class);
    }

    private static final String[] KEYS = {"a", "b", "B", "aa", "a b", "ä", "\\u00e4", "\\ud83d\\ude00", "\\\"q", "k\\n", "", "10", "9", "_", "~"};

    private static String value(Random r, int depth) {
        int kind = depth > 4 ? 2 + r.nextInt(5) : r.nextInt(7);
        switch (kind) {
            case 0: {
                StringBuilder sb = new StringBuilder("{");
                int n = r.nextInt(5);
                for (int i = 0; i < n; i++) {
                    sb.append(i == 0 ? "" : ",").append('"').append(KEYS[r.nextInt(KEYS.length)]).append("\":").append(value(r, depth + 1));
                }
                return sb.append('}').toString();
            }
            case 1: {
                StringBuilder sb = new StringBuilder("[");
                int n = r.nextInt(5);
                for (int i = 0; i < n; i++) {
                    sb.append(i == 0 ? "" : ", ").append(value(r, depth + 1));
                }
                return sb.append(']').toString();
            }
            case 2:
                return number(r);
            case 3:
                return "\"" + KEYS[r.nextInt(KEYS.length)] + "x\\t\\u0007" + r.nextInt(1000) + "\"";
            case 4:
                return r.nextBoolean() ? "true" : "false";
            case 5:
                return "null";
            default:
                return number(r);
        }
    }

    private static String number(Random r) {
        String sign = r.nextInt(4) == 0 ? "-" : "";
        String more = Long.toString(1_000_000_000_000L + Math.floorMod(r.nextLong(), 1_000_000_000_000L)).substring(1);
        String digits = r.nextInt(5) == 0 ? "0" : (1 + r.nextInt(9)) + more.substring(0, r.nextInt(12));
        if (r.nextInt(6) == 0 && !digits.equals("0")) {
            digits = digits + "12345678901234567890";
        }
        String fraction = r.nextBoolean() ? "" : "." + Integer.toString(r.nextInt(100000)) + (r.nextBoolean() ? "0" : "");
        String exponent = r.nextInt(4) != 0 ? "" : (r.nextBoolean() ? "e" : "E") + (r.nextBoolean() ? "-" : r.nextBoolean() ? "+" : "") + r.nextInt(30);
        return sign + digits + fraction + exponent;
    }
}
