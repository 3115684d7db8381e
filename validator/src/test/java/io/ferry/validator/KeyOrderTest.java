package io.ferry.validator;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.core.config.TypesConfig.ZeroDateRule;
import io.ferry.core.config.ZeroDatePolicy;
import io.ferry.core.value.LogicalType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyOrderTest {

    private static ValidatedColumn col(LogicalType type) {
        return new ValidatedColumn("k", "k", type, "x", List.of(), new ZeroDateRule(ZeroDatePolicy.ERROR, null));
    }

    @Test
    void numbersOrderByValueTextByUtf8BytesNotByCase() {
        KeyOrder numbers = new KeyOrder(List.of(col(LogicalType.INTEGER)));
        assertThat(numbers.compare(List.of("9"), List.of("10"))).isNegative();
        assertThat(numbers.compare(List.of("18446744073709551615"), List.of("-1"))).isPositive();
        KeyOrder text = new KeyOrder(List.of(col(LogicalType.STRING)));
        List<List<String>> keys = new ArrayList<>(List.of(List.of("k1"), List.of("K2"), List.of("\ud83d\ude00"), List.of("\uffff"), List.of("a")));
        keys.sort(text);
        assertThat(keys).containsExactly(List.of("K2"), List.of("a"), List.of("k1"), List.of("\uffff"), List.of("\ud83d\ude00"));
    }

    @Test
    void compositeKeysCompareColumnByColumn() {
        KeyOrder order = new KeyOrder(List.of(col(LogicalType.INTEGER), col(LogicalType.STRING)));
        assertThat(order.compare(List.of("1", "z"), List.of("2", "a"))).isNegative();
        assertThat(order.compare(List.of("2", "b"), List.of("2", "a"))).isPositive();
        assertThat(order.compare(List.of("2", "a"), List.of("2", "a"))).isZero();
    }

    @Test
    void aKeyFallsInTheSegmentWhoseLowerBoundIsTheLastAtOrBelowIt() {
        KeyOrder order = new KeyOrder(List.of(col(LogicalType.INTEGER), col(LogicalType.STRING)));
        List<KeyRange> plan = List.of(new KeyRange(null, List.of("1", "m")), new KeyRange(List.of("1", "m"), List.of("2", "c")),
                new KeyRange(List.of("2", "c"), null));
        assertThat(order.segmentOf(plan, List.of("0", "zz"))).isZero();
        assertThat(order.segmentOf(plan, List.of("1", "l"))).isZero();
        assertThat(order.segmentOf(plan, List.of("1", "m"))).isEqualTo(1);
        assertThat(order.segmentOf(plan, List.of("2", "b"))).isEqualTo(1);
        assertThat(order.segmentOf(plan, List.of("2", "c"))).isEqualTo(2);
        assertThat(order.segmentOf(List.of(KeyRange.ALL), List.of("5", "x"))).isZero();
    }

    @Test
    void timesOrderByTheirLengthOfTimeIncludingNegativeOnes() {
        KeyOrder order = new KeyOrder(List.of(col(LogicalType.TIME)));
        assertThat(order.compare(List.of("-01:00:00"), List.of("-00:00:00.5"))).isNegative();
        assertThat(order.compare(List.of("100:00:00"), List.of("23:59:59.999999"))).isPositive();
    }
}
