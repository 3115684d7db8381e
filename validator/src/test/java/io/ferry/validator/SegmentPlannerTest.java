package io.ferry.validator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class SegmentPlannerTest {

    private static List<List<String>> keys(LongStream ids) {
        return ids.mapToObj(i -> List.of(Long.toString(i))).toList();
    }

    @Test
    void aTableNoLargerThanOneSegmentIsOneUnboundedRangeAndIsNotSampled() throws Exception {
        List<Double> asked = new ArrayList<>();
        assertThat(SegmentPlanner.plan(1000, 1000, f -> {
            asked.add(f);
            return List.of();
        })).containsExactly(KeyRange.ALL);
        assertThat(asked).isEmpty();
    }

    @Test
    void rangesAreContiguousFromUnboundedToUnboundedAndCutAtSampledKeys() throws Exception {
        List<Double> asked = new ArrayList<>();
        List<KeyRange> plan = SegmentPlanner.plan(10_000, 1000, f -> {
            asked.add(f);
            return keys(LongStream.rangeClosed(1, 320).map(i -> i * 31));
        });
        assertThat(asked).containsExactly(10 * 32 / 10_000.0);
        assertThat(plan).hasSize(10);
        assertThat(plan.get(0).lower()).isNull();
        assertThat(plan.get(plan.size() - 1).upper()).isNull();
        for (int i = 1; i < plan.size(); i++) {
            assertThat(plan.get(i).lower()).isEqualTo(plan.get(i - 1).upper());
        }
        assertThat(plan.get(1).lower()).isEqualTo(List.of(Long.toString(33 * 31)));
    }

    @Test
    void skewedKeysGiveSegmentsOfBalancedRowCountsNotOfBalancedKeySpans() throws Exception {
        // Half the keys dense from 1, half spread over twelve orders of magnitude: the sample follows the rows.
        List<List<String>> sample = new ArrayList<>(keys(LongStream.rangeClosed(1, 160)));
        sample.addAll(keys(LongStream.rangeClosed(1, 160).map(i -> 1_000_000_000_000L + i * 1_000_000_007L)));
        List<KeyRange> plan = SegmentPlanner.plan(10_000, 1000, f -> sample);
        long inDense = plan.stream().filter(r -> r.upper() != null && Long.parseLong(r.upper().get(0)) <= 160).count();
        assertThat(inDense).isBetween(4L, 5L);
    }

    @Test
    void repeatedSampledKeysGiveNoEmptyRangesAndAnEmptySampleGivesOneRange() throws Exception {
        List<KeyRange> plan = SegmentPlanner.plan(10_000, 1000, f -> keys(LongStream.of(5, 5, 5, 5, 5, 5, 5, 5, 9, 9, 9, 9)));
        assertThat(plan).containsExactly(new KeyRange(null, List.of("5")), new KeyRange(List.of("5"), List.of("9")),
                new KeyRange(List.of("9"), null));
        assertThat(SegmentPlanner.plan(10_000, 1000, f -> List.of())).containsExactly(KeyRange.ALL);
    }
}
