package io.ferry.validator.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.core.value.CanonicalValues;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
        for (String bad : List.of("{\"a\": ", "[1] [2]", "", "  ", "01", "1.", ".5", "-", "1e", "+1", "[1,]", "{\"a\" 1}", "{a: 1}",
                "\"\\x\"", "\"\\u12\"", "\"a\tb\"", "tru", "nul", "[", "{\"a\":1,}", "[1 2]")) {
            assertThat(JsonbText.of(bad)).as(bad).isNull();
        }
    }

    @Test
    void randomDocumentsKeepTheirValueAndReadAloneWhateverTheirKeyOrderAndSpacing() {
        Random rnd = new Random(7);
        for (int i = 0; i < 500; i++) {
            Object doc = randomValue(rnd, 0);
            String a = write(doc, rnd, false);
            String b = write(doc, rnd, true);
            String rendered = JsonbText.of(a);
            assertThat(rendered).as(a).isNotNull();
            assertThat(JsonbText.of(b)).as("same document, other key order and spacing: " + b).isEqualTo(rendered);
            assertThat(JsonbText.of(rendered)).as("jsonb's text reads as itself").isEqualTo(rendered);
            assertThat(CanonicalValues.ofJson(rendered)).as(a).isEqualTo(CanonicalValues.ofJson(a));
        }
    }

    private static Object randomValue(Random rnd, int depth) {
        int kind = rnd.nextInt(depth > 3 ? 6 : 8);
        return switch (kind) {
            case 0 -> null;
            case 1 -> rnd.nextBoolean();
            case 2 -> new String[] {"0", "-0", "7", "-12", "1.50", "-0.0", "1e2", "1.5E-3", "12345678901234567890123", "2.5e+10", "0.000"}[rnd.nextInt(11)];
            case 3, 4 -> "\"" + new String[] {"", "x", "\\u00e9t\\u00e9", "\u4e2d\ud83d\ude00", "a\\\"b", "\\n\\t\\/", "\\u0001", "\\ud83d\\ude00"}[rnd.nextInt(8)] + "\"";
            case 5 -> {
                List<Object> l = new ArrayList<>();
                for (int i = rnd.nextInt(4); i > 0; i--) {
                    l.add(randomValue(rnd, depth + 1));
                }
                yield l;
            }
            default -> {
                Map<String, Object> m = new LinkedHashMap<>();
                for (int i = rnd.nextInt(5); i > 0; i--) {
                    m.put(new String[] {"a", "b", "aa", "z", "\u00e9", "key", "k\\\"q", "\u4e2d"}[rnd.nextInt(8)], randomValue(rnd, depth + 1));
                }
                yield m;
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static String write(Object v, Random rnd, boolean shuffle) {
        String sp = shuffle ? new String[] {"", " ", "\n  ", "\t"}[rnd.nextInt(4)] : "";
        if (v instanceof Map<?, ?> m) {
            List<Map.Entry<String, Object>> entries = new ArrayList<>(((Map<String, Object>) m).entrySet());
            if (shuffle) {
                Collections.shuffle(entries, rnd);
            }
            StringBuilder sb = new StringBuilder("{" + sp);
            for (int i = 0; i < entries.size(); i++) {
                sb.append(i == 0 ? "" : "," + sp).append('"').append(entries.get(i).getKey()).append('"').append(sp).append(':').append(sp)
                        .append(write(entries.get(i).getValue(), rnd, shuffle));
            }
            return sb.append(sp).append('}').toString();
        }
        if (v instanceof List<?> l) {
            StringBuilder sb = new StringBuilder("[" + sp);
            for (int i = 0; i < l.size(); i++) {
                sb.append(i == 0 ? "" : "," + sp).append(write(l.get(i), rnd, shuffle));
            }
            return sb.append(sp).append(']').toString();
        }
        return String.valueOf(v);
    }
}
