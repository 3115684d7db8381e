package io.ferry.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.core.schema.TableId;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChangeEventCodecTest {

    private static final TableId ORDERS = TableId.of("shop", "orders");

    private static Map<String, String> row(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void roundTripsAnUpdateWithBinlogPositionAndNulls() {
        ChangeEvent e = ChangeEvent.of(Op.UPDATE, "demo", ORDERS, row("id", "18446744073709551615"),
                row("id", "18446744073709551615", "note", null, "total", "12.5"),
                row("id", "18446744073709551615", "note", "x", "total", "12"),
                new BinlogPosition("binlog.000003", 4711, 2, "0-1-99"), 1_700_000_000_123L, "0-1-99", 42L);

        ChangeEvent back = ChangeEventCodec.decode(ChangeEventCodec.encode(e));

        assertThat(back).isEqualTo(e);
        assertThat(back.after()).containsEntry("note", null);
        assertThat(back.after().keySet()).containsExactly("id", "note", "total");
    }

    @Test
    void roundTripsADeleteWithPgLsn() {
        ChangeEvent e = ChangeEvent.of(Op.DELETE, "pg", TableId.of("public", "t"), row("a", "1", "b", "x"),
                null, row("a", "1", "b", "x", "c", "y"), PgLsn.parse("16/B374D848"), null, null, 0L);

        ChangeEvent back = ChangeEventCodec.decode(ChangeEventCodec.encode(e));

        assertThat(back).isEqualTo(e);
        assertThat(((PgLsn) back.position()).text()).isEqualTo("16/B374D848");
    }

    @Test
    void keyBytesAreDeterministicAndFollowKeyOrder() {
        byte[] k1 = ChangeEventCodec.encodeKey(row("order_id", "7", "line_no", "2"));
        byte[] k2 = ChangeEventCodec.encodeKey(row("order_id", "7", "line_no", "2"));

        assertThat(k1).isEqualTo(k2);
        assertThat(new String(k1, StandardCharsets.UTF_8)).isEqualTo("{\"order_id\":\"7\",\"line_no\":\"2\"}");
        assertThat(ChangeEventCodec.decodeKey(k1).keySet()).containsExactly("order_id", "line_no");
    }

    @Test
    void rejectsMalformedEventsWithAReason() {
        assertThatThrownBy(() -> ChangeEventCodec.decode("{\"v\":1,\"op\":\"x\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("unknown operation code 'x'");
        assertThatThrownBy(() -> ChangeEventCodec.decode("not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EventFormatException.class);
        assertThatThrownBy(() -> ChangeEventCodec.decode(null))
                .isInstanceOf(EventFormatException.class).hasMessageContaining("no value");
    }

    @Test
    void rejectsUnknownFormatVersion() {
        ChangeEvent e = ChangeEvent.of(Op.CREATE, "demo", ORDERS, row("id", "1"), row("id", "1"), null,
                new BinlogPosition("binlog.000001", 4, 0, null), null, null, 0L);
        String json = new String(ChangeEventCodec.encode(e), StandardCharsets.UTF_8).replace("\"v\":1", "\"v\":9");

        assertThatThrownBy(() -> ChangeEventCodec.decode(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("format version 9");
    }

    @Test
    void roundTripsATruncateMarkerWithoutKeyOrImages() {
        ChangeEvent e = ChangeEvent.truncate("demo", ORDERS, new BinlogPosition("binlog.000002", 77, 0, "0-1-3"), 5L);

        ChangeEvent back = ChangeEventCodec.decode(ChangeEventCodec.encode(e));

        assertThat(back).isEqualTo(e);
        assertThat(back.op()).isEqualTo(Op.TRUNCATE);
        assertThat(back.key()).isNull();
        assertThatThrownBy(() -> ChangeEvent.of(Op.TRUNCATE, "s", ORDERS, row("id", "1"), null, null, e.position(), null, null, 0))
                .hasMessageContaining("must carry no key");
    }

    @Test
    void factoryRejectsImpossibleCombinations() {
        var pos = new BinlogPosition("binlog.000001", 4, 0, null);
        assertThatThrownBy(() -> ChangeEvent.of(Op.CREATE, "s", ORDERS, row("id", "1"), null, null, pos, null, null, 0))
                .hasMessageContaining("no after image");
        assertThatThrownBy(() -> ChangeEvent.of(Op.DELETE, "s", ORDERS, row("id", "1"), row("id", "1"), null, pos, null, null, 0))
                .hasMessageContaining("must not carry an after image");
        assertThatThrownBy(() -> ChangeEvent.of(Op.UPDATE, "s", ORDERS, Map.of(), row("id", "1"), null, pos, null, null, 0))
                .hasMessageContaining("has no key");
    }
}
