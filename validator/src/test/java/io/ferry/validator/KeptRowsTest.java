package io.ferry.validator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeptRowsTest {

    private static final byte[] MD5 = HexFormat.of().parseHex("0123456789abcdef00ff00ff00ff00ff");

    @Test
    void keptRowsGiveEachRowsHashAsHexByKey() {
        KeptRows rows = new KeptRows(3);
        rows.add(List.of("1"), MD5);
        rows.add(List.of("2"), new byte[16]);
        assertThat(rows.kept()).isTrue();
        assertThat(rows.byKey()).isEqualTo(Map.of(List.of("1"), "0123456789abcdef00ff00ff00ff00ff",
                List.of("2"), "00000000000000000000000000000000"));
    }

    @Test
    void moreRowsThanTheLimitKeepNone() {
        KeptRows rows = new KeptRows(2);
        for (int i = 0; i < 3; i++) {
            rows.add(List.of(String.valueOf(i)), MD5);
        }
        assertThat(rows.kept()).isFalse();
        assertThat(rows.byKey()).isEmpty();
    }

    @Test
    void manyRowsGrowTheDigestArray() {
        KeptRows rows = new KeptRows(5000);
        for (int i = 0; i < 5000; i++) {
            rows.add(List.of(String.valueOf(i)), MD5);
        }
        assertThat(rows.kept()).isTrue();
        assertThat(rows.byKey()).hasSize(5000).containsEntry(List.of("4999"), "0123456789abcdef00ff00ff00ff00ff");
    }
}
