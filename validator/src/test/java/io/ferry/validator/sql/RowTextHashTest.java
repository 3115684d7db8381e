package io.ferry.validator.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Values PostgreSQL 15 computes in SQL for the same row texts (its jsonb text of the documents). */
class RowTextHashTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theLastJsonColumnComesWithoutLengthPrefixAsPostgresHashesIt() {
        RowTextHash lookup3 = new RowTextHash(RowHash.LOOKUP3);
        // hashtextextended('7|3:abc|' || '{"aa": 1, "b": [1, 2]}'::jsonb::text, 0)
        lookup3.hash(utf8("7|3:abc"), utf8("{\"b\":[1,2], \"aa\": 1}"));
        assertThat(lookup3.high()).isEqualTo(4429139824671327500L);
        assertThat(lookup3.low()).isZero();
        RowTextHash md5 = new RowTextHash(RowHash.MD5);
        md5.hash(utf8("7|3:abc"), utf8("{\"b\":[1,2], \"aa\": 1}"));
        assertThat(RowHash.MD5.hex(md5.high(), md5.low())).isEqualTo("cc1814d884231eef2ab3dc63c2356154");
    }

    @Test
    void earlierJsonColumnsAreLengthPrefixedInBytesAndNullIsN() {
        RowTextHash h = new RowTextHash(RowHash.LOOKUP3);
        // '7|' || octet_length(d) || ':' || d || '|N' with d = '{"x": "é"}'::jsonb::text (Jackson's path: an escape)
        h.hash(utf8("7"), utf8("{\"x\":\"\\u00e9\"}"), null);
        assertThat(h.high()).isEqualTo(EXPECTED_TWO_COLUMNS);
    }

    private static final long EXPECTED_TWO_COLUMNS = -7997887551058395487L;
}
