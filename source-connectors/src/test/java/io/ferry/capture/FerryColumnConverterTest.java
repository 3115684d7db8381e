package io.ferry.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.capture.FerryColumnConverter.Temporal;
import io.ferry.core.config.TypesConfig.ZeroDateRule;
import io.ferry.core.config.ZeroDatePolicy;
import io.ferry.core.value.LogicalType;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class FerryColumnConverterTest {

    private static final ZeroDateRule ERROR = new ZeroDateRule(ZeroDatePolicy.ERROR, null);
    private static final ZeroDateRule AS_NULL = new ZeroDateRule(ZeroDatePolicy.AS_NULL, null);
    private static final ZeroDateRule SENTINEL = new ZeroDateRule(ZeroDatePolicy.SENTINEL, "0001-01-01");

    private static Temporal notNull(LogicalType type, ZeroDateRule rule) {
        return new Temporal(type, 0, false, rule, "orders.d");
    }

    @Test
    void binlogAndSnapshotFormsOfTheSameValueGiveOneCanonicalText() {
        Temporal dt = new Temporal(LogicalType.DATETIME, 6, true, ERROR, "t.c");
        String expected = "2024-03-11 02:30:00.5";
        assertThat(FerryColumnConverter.temporal(LocalDateTime.of(2024, 3, 11, 2, 30, 0, 500_000_000), dt)).isEqualTo(expected);
        // Capture runs the JVM in UTC; in another zone a java.sql.Timestamp in a DST gap would move (hence no gap here).
        assertThat(FerryColumnConverter.temporal(java.sql.Timestamp.valueOf("2024-03-11 02:30:00.5"), dt)).isEqualTo(expected);
        assertThat(FerryColumnConverter.temporal("2024-03-11 02:30:00.5", dt)).isEqualTo(expected);
        assertThat(FerryColumnConverter.temporal(1_710_124_200_500_000L, dt)).as("default in Debezium's micros").isEqualTo(expected);
        Temporal dt0 = new Temporal(LogicalType.DATETIME, 0, true, ERROR, "t.c");
        assertThat(FerryColumnConverter.temporal(946_684_800_000L, dt0)).as("default in Debezium's millis").isEqualTo("2000-01-01 00:00:00");

        Temporal d = new Temporal(LogicalType.DATE, 0, true, ERROR, "t.c");
        assertThat(FerryColumnConverter.temporal(LocalDate.of(2024, 2, 29), d)).isEqualTo("2024-02-29");
        assertThat(FerryColumnConverter.temporal(java.sql.Date.valueOf("2024-02-29"), d)).isEqualTo("2024-02-29");
        assertThat(FerryColumnConverter.temporal(19_782, d)).isEqualTo("2024-02-29");

        Temporal ts = new Temporal(LogicalType.TIMESTAMP, 3, true, ERROR, "t.c");
        Instant i = Instant.parse("2024-11-03T06:30:00.123Z");
        assertThat(FerryColumnConverter.temporal(ZonedDateTime.ofInstant(i, ZoneOffset.UTC), ts)).isEqualTo("2024-11-03 06:30:00.123Z");
        assertThat(FerryColumnConverter.temporal("2024-11-03T06:30:00.123Z", ts)).isEqualTo("2024-11-03 06:30:00.123Z");
        assertThat(FerryColumnConverter.temporal(java.sql.Timestamp.from(i), ts)).isEqualTo("2024-11-03 06:30:00.123Z");
    }

    @Test
    void aNullInANotNullColumnIsAZeroDateAndFollowsThePolicy() {
        assertThat(FerryColumnConverter.temporal(null, notNull(LogicalType.DATE, AS_NULL))).isNull();
        assertThat(FerryColumnConverter.temporal(null, notNull(LogicalType.DATE, SENTINEL))).isEqualTo("0001-01-01");
        assertThat(FerryColumnConverter.temporal(null, notNull(LogicalType.DATETIME, SENTINEL))).isEqualTo("0001-01-01 00:00:00");
        assertThat(FerryColumnConverter.temporal(null, notNull(LogicalType.DATE, ERROR))).isEqualTo(FerryColumnConverter.ZERO_DATE);
        assertThat(FerryColumnConverter.temporal("0000-00-00", notNull(LogicalType.DATE, SENTINEL))).isEqualTo("0001-01-01");
        assertThat(FerryColumnConverter.temporal("2024-00-10", notNull(LogicalType.DATE, ERROR))).isEqualTo(FerryColumnConverter.ZERO_DATE);
    }

    @Test
    void aNullInANullableColumnStaysNullWhateverThePolicy() {
        assertThat(FerryColumnConverter.temporal(null, new Temporal(LogicalType.DATE, 0, true, SENTINEL, "t.c"))).isNull();
        assertThat(FerryColumnConverter.temporal(null, new Temporal(LogicalType.DATE, 0, true, ERROR, "t.c"))).isNull();
    }

    @Test
    void theZeroTimestampIsTheEpochWhichNoRealTimestampCanBe() {
        Temporal ts = new Temporal(LogicalType.TIMESTAMP, 0, true, AS_NULL, "t.c");
        assertThat(FerryColumnConverter.temporal(ZonedDateTime.ofInstant(Instant.EPOCH, ZoneOffset.UTC), ts)).isNull();
        assertThat(FerryColumnConverter.temporal(ZonedDateTime.ofInstant(Instant.ofEpochSecond(1), ZoneOffset.UTC), ts))
                .isEqualTo("1970-01-01 00:00:01Z");
    }

    @Test
    void tinyintOneAsBooleanKeepsZeroAndOneAndMarksOtherValuesWithTheirNumber() {
        assertThat(FerryColumnConverter.toBoolean((short) 0, "t.flag")).isEqualTo("false");
        assertThat(FerryColumnConverter.toBoolean(1, "t.flag")).isEqualTo("true");
        assertThat(FerryColumnConverter.toBoolean("1", "t.flag")).isEqualTo("true");
        assertThat(FerryColumnConverter.toBoolean(Boolean.TRUE, "t.flag")).isEqualTo("true");
        assertThat(FerryColumnConverter.toBoolean(null, "t.flag")).isNull();
        // never an exception: Debezium would log it and carry NULL
        assertThat(FerryColumnConverter.toBoolean(2, "orders.flag")).isEqualTo(FerryColumnConverter.NOT_BOOLEAN + "2");
        assertThat(FerryColumnConverter.toBoolean((byte) -1, "orders.flag")).isEqualTo(FerryColumnConverter.NOT_BOOLEAN + "-1");
    }

    @Test
    void theTableOfADebeziumColumnIsItsNameWithoutTheDatabase() {
        assertThat(FerryColumnConverter.tableName("shop.orders")).isEqualTo("orders");
        assertThat(FerryColumnConverter.tableName("orders")).isEqualTo("orders");
    }
}
