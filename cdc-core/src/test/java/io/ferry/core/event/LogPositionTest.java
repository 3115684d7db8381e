package io.ferry.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class LogPositionTest {

    private static final String U1 = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
    private static final String U2 = "4f22fa47-71ca-11e1-9e33-c80aa9429563";

    @Nested
    class MySqlGtidSets {

        @Test
        void parsesMembersMergesIntervalsAndPrintsOneCanonicalForm() {
            MySqlGtidSet s = MySqlGtidSet.parse(U2 + ":1-3,\n" + U1.toUpperCase() + ":7:1-5:6");
            assertThat(s.text()).isEqualTo(U1 + ":1-7," + U2 + ":1-3");
            assertThat(MySqlGtidSet.parse(s.text())).isEqualTo(s);
            assertThat(MySqlGtidSet.parse(U1 + ":1-3:5")).isNotEqualTo(MySqlGtidSet.parse(U1 + ":1-5"));
        }

        @Test
        void blankIsTheEmptySetWhichEverySetCovers() {
            assertThat(MySqlGtidSet.parse("").isEmpty()).isTrue();
            assertThat(MySqlGtidSet.parse(null)).isEqualTo(MySqlGtidSet.empty());
            assertThat(MySqlGtidSet.parse(U1 + ":1").covers(MySqlGtidSet.empty())).isTrue();
            assertThat(MySqlGtidSet.empty().covers(MySqlGtidSet.parse(U1 + ":1"))).isFalse();
        }

        @Test
        void coversIsSetContainment() {
            MySqlGtidSet have = MySqlGtidSet.parse(U1 + ":1-100," + U2 + ":1-5");
            assertThat(have.covers(MySqlGtidSet.parse(U1 + ":1-100," + U2 + ":3"))).isTrue();
            assertThat(have.covers(have)).isTrue();
            assertThat(MySqlGtidSet.parse(U1 + ":1-99").covers(MySqlGtidSet.parse(U1 + ":1-100"))).isFalse();
            assertThat(MySqlGtidSet.parse(U1 + ":1-100").covers(MySqlGtidSet.parse(U1 + ":1-100," + U2 + ":1")))
                    .as("a server not seen yet").isFalse();
            assertThat(MySqlGtidSet.parse(U1 + ":1-10:12-20").covers(MySqlGtidSet.parse(U1 + ":11"))).as("a gap").isFalse();
            assertThat(MySqlGtidSet.parse(U1 + ":1-10:11-20").covers(MySqlGtidSet.parse(U1 + ":5-15"))).as("adjacent merge").isTrue();
        }

        @Test
        void containmentIsOnlyAPartialOrder() {
            MySqlGtidSet a = MySqlGtidSet.parse(U1 + ":1-5");
            MySqlGtidSet b = MySqlGtidSet.parse(U2 + ":1-5");
            assertThat(a.covers(b)).isFalse();
            assertThat(b.covers(a)).isFalse();
        }

        @Test
        void taggedGtidsAreTheirOwnSource() {
            MySqlGtidSet s = MySqlGtidSet.parse(U1 + ":1-5:ferry:1-2");
            assertThat(s.sources()).containsExactly(U1, U1 + ":ferry");
            assertThat(s.text()).isEqualTo(U1 + ":1-5," + U1 + ":ferry:1-2");
            assertThat(s.covers(MySqlGtidSet.parse(U1 + ":ferry:2"))).isTrue();
            assertThat(s.covers(MySqlGtidSet.parse(U1 + ":other:1"))).isFalse();
        }

        @Test
        void malformedInputIsAClearError() {
            assertThatThrownBy(() -> MySqlGtidSet.parse(U1 + ":x-1")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not a MySQL GTID set member").hasMessageContaining("x-1");
            assertThatThrownBy(() -> MySqlGtidSet.parse("not-a-uuid:1-5")).hasMessageContaining("expected uuid:interval");
            assertThatThrownBy(() -> MySqlGtidSet.parse(U1)).hasMessageContaining("expected uuid:interval");
            assertThatThrownBy(() -> MySqlGtidSet.parse(U1 + ":5-3")).hasMessageContaining("5-3");
            assertThatThrownBy(() -> MySqlGtidSet.parse(U1 + ":0")).hasMessageContaining("from 1 up");
            assertThatThrownBy(() -> MySqlGtidSet.parse(U1 + ":1-2-3")).hasMessageContaining("1-2-3");
            assertThatThrownBy(() -> MySqlGtidSet.parse(U1 + ":tag")).hasMessageContaining("no transaction interval");
            assertThatThrownBy(() -> MySqlGtidSet.parse("0-1-42")).hasMessageContaining("not a MySQL GTID set member");
        }
    }

    @Nested
    class MariaDbGtidPositions {

        @Test
        void parsesOneGtidPerDomainKeepingTheHighestSequence() {
            assertThat(MariaDbGtidPosition.parse("0-1-100,1-2-50,7-3-9").sequences()).isEqualTo(Map.of(0L, 100L, 1L, 50L, 7L, 9L));
            assertThat(MariaDbGtidPosition.parse(" 0-1-100 , ,1-2-50,").text()).isEqualTo("0-1-100,1-2-50");
            assertThat(MariaDbGtidPosition.parse("0-1-100,0-2-250,0-3-7").text()).isEqualTo("0-2-250");
            assertThat(MariaDbGtidPosition.parse("").isEmpty()).isTrue();
            assertThat(MariaDbGtidPosition.parse(null)).isEqualTo(MariaDbGtidPosition.empty());
        }

        @Test
        void sequencesAreUnsigned() {
            MariaDbGtidPosition top = MariaDbGtidPosition.parse("0-1-18446744073709551615");
            assertThat(top.text()).isEqualTo("0-1-18446744073709551615");
            assertThat(top.covers(MariaDbGtidPosition.parse("0-1-9223372036854775808"))).isTrue();
            assertThat(MariaDbGtidPosition.parse("0-1-9223372036854775807").covers(MariaDbGtidPosition.parse("0-1-9223372036854775808"))).isFalse();
        }

        @Test
        void coversPerDomainWhateverServerWrote() {
            assertThat(MariaDbGtidPosition.parse("0-1-101,1-2-60").covers(MariaDbGtidPosition.parse("0-1-100,1-2-50"))).isTrue();
            assertThat(MariaDbGtidPosition.parse("0-2-100").covers(MariaDbGtidPosition.parse("0-1-100"))).isTrue();
            assertThat(MariaDbGtidPosition.parse("0-1-100,5-1-3").covers(MariaDbGtidPosition.parse("0-1-100"))).isTrue();
            assertThat(MariaDbGtidPosition.parse("0-1-100").covers(MariaDbGtidPosition.parse("0-1-100,1-2-50"))).isFalse();
            assertThat(MariaDbGtidPosition.parse("0-1-200,1-2-49").covers(MariaDbGtidPosition.parse("0-1-100,1-2-50"))).isFalse();
            assertThat(MariaDbGtidPosition.empty().covers(MariaDbGtidPosition.parse("0-1-1"))).isFalse();
            assertThat(MariaDbGtidPosition.empty().covers(MariaDbGtidPosition.empty())).isTrue();
        }

        @Test
        void malformedInputIsAClearError() {
            assertThatThrownBy(() -> MariaDbGtidPosition.parse("0-1-100,1-50")).hasMessageContaining("'1-50'")
                    .hasMessageContaining("domain-server-sequence");
            assertThatThrownBy(() -> MariaDbGtidPosition.parse("0-1-2-3")).hasMessageContaining("'0-1-2-3'");
            assertThatThrownBy(() -> MariaDbGtidPosition.parse("0-1-abc")).hasMessageContaining("in numbers");
            assertThatThrownBy(() -> MariaDbGtidPosition.parse("x-1-5")).hasMessageContaining("in numbers");
            assertThatThrownBy(() -> MariaDbGtidPosition.parse("4294967296-1-5")).hasMessageContaining("in numbers");
            assertThatThrownBy(() -> MariaDbGtidPosition.parse(U1 + ":1-5")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class BinlogFilePositions {

        @Test
        void ordersByFileNumberThenOffset() {
            BinlogFilePosition at = BinlogFilePosition.parse("mysql-bin.000003:1234");
            assertThat(at.base()).isEqualTo("mysql-bin");
            assertThat(at.sequence()).isEqualTo(3);
            assertThat(at.text()).isEqualTo("mysql-bin.000003:1234");
            assertThat(at.covers(BinlogFilePosition.parse("mysql-bin.000003:1234"))).isTrue();
            assertThat(at.covers(BinlogFilePosition.parse("mysql-bin.000003:1235"))).isFalse();
            assertThat(BinlogFilePosition.parse("mysql-bin.000010:4").covers(BinlogFilePosition.parse("mysql-bin.000009:99999"))).isTrue();
            assertThat(at.covers(BinlogFilePosition.parse("binlog.000001:4"))).as("another server's log").isFalse();
        }

        @Test
        void isToldApartFromGtidForms() {
            assertThat(BinlogFilePosition.looksLike("mysql-bin.000003:1234")).isTrue();
            assertThat(BinlogFilePosition.looksLike(U1 + ":1-5")).isFalse();
            assertThat(BinlogFilePosition.looksLike("0-1-42")).isFalse();
        }

        @Test
        void malformedInputIsAClearError() {
            assertThatThrownBy(() -> BinlogFilePosition.parse("binlog:12")).hasMessageContaining("file.NNNNNN:offset");
            assertThatThrownBy(() -> BinlogFilePosition.parse("binlog.000001")).hasMessageContaining("'binlog.000001'");
            assertThatThrownBy(() -> BinlogFilePosition.parse("binlog.000001:99999999999999999999")).hasMessageContaining("out of range");
            assertThatThrownBy(() -> new BinlogFilePosition("binlog.000001", -1)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class PgLsns {

        @Test
        void comparesAsUnsigned64BitPositions() {
            PgLsn at = PgLsn.parse("1/16B3748");
            assertThat(at.text()).isEqualTo("1/16B3748");
            assertThat(at.covers(PgLsn.parse("1/16B3748"))).isTrue();
            assertThat(at.covers(PgLsn.parse("1/16B3749"))).isFalse();
            assertThat(at.covers(PgLsn.parse("0/FFFFFFFF"))).as("the high part counts first").isTrue();
            assertThat(PgLsn.parse("FFFFFFFF/0").covers(PgLsn.parse("7FFFFFFF/FFFFFFFF"))).as("unsigned").isTrue();
            assertThat(PgLsn.parse("0/1").compareTo(PgLsn.parse("0/2"))).isNegative();
        }

        @Test
        void malformedInputIsAClearError() {
            assertThatThrownBy(() -> PgLsn.parse("16B3748")).hasMessageContaining("not an LSN");
            assertThatThrownBy(() -> PgLsn.parse("1/")).hasMessageContaining("not an LSN");
            assertThatThrownBy(() -> PgLsn.parse("G/1")).hasMessageContaining("not an LSN");
            assertThatThrownBy(() -> PgLsn.parse("100000000/0")).hasMessageContaining("over 32 bits");
        }
    }

    @Test
    void positionsOfDifferentKindsAreNotCompared() {
        assertThatThrownBy(() -> PgLsn.parse("0/1").covers(MariaDbGtidPosition.parse("0-1-1")))
                .hasMessageContaining("different kinds of source log");
        assertThatThrownBy(() -> MySqlGtidSet.parse(U1 + ":1").covers(BinlogFilePosition.parse("binlog.000001:4")))
                .hasMessageContaining("different kinds of source log");
    }
}
