package io.ferry.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SourcePositionTest {

    @Test
    void ordersBinlogPositionsByFileSequenceThenOffsetThenRow() {
        var a = new BinlogPosition("binlog.000009", 900, 0, null);
        var b = new BinlogPosition("binlog.000010", 4, 0, null);
        var c = new BinlogPosition("binlog.000010", 120, 0, "0-1-5");
        var d = new BinlogPosition("binlog.000010", 120, 3, "0-1-5");
        List<SourcePosition> list = new ArrayList<>(List.of(d, b, c, a));

        list.sort(null);

        assertThat(list).containsExactly(a, b, c, d);
    }

    @Test
    void rowsOfOneMultiRowEventAreDistinctPositions() {
        var r0 = new BinlogPosition("binlog.000001", 500, 0, null);
        var r1 = new BinlogPosition("binlog.000001", 500, 1, null);
        assertThat(r0.compareTo(r1)).isNegative();
        assertThat(r1.compareTo(r0)).isPositive();
        assertThat(r0.compareTo(new BinlogPosition("binlog.000001", 500, 0, "0-1-1"))).isZero();
    }

    @Test
    void binlogFileSequenceIsNumericNotLexical() {
        assertThat(new BinlogPosition("mysql-bin.999999", 4, 0, null)
                .compareTo(new BinlogPosition("mysql-bin.1000000", 4, 0, null))).isNegative();
    }

    @Test
    void lsnOrderIsUnsignedAndTextRoundTrips() {
        PgLsn low = PgLsn.parse("0/16B3748");
        PgLsn high = PgLsn.parse("FFFFFFFF/0");
        assertThat(low.compareTo(high)).isNegative();
        assertThat(high.text()).isEqualTo("FFFFFFFF/0");
        assertThat(PgLsn.parse(low.text())).isEqualTo(low);
    }

    @Test
    void rejectsMalformedLsnAndMixedKinds() {
        assertThatThrownBy(() -> PgLsn.parse("16B3748")).hasMessageContaining("not an LSN");
        assertThatThrownBy(() -> PgLsn.parse("1/G")).hasMessageContaining("not an LSN");
        assertThatThrownBy(() -> PgLsn.parse("0/1").compareTo(new BinlogPosition("b.1", 1, 0, null)))
                .hasMessageContaining("different sources");
    }
}
