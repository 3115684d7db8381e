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
        assertThat(SegmentPlanner.plan(1000, 1000, (f, limit) -> {
            asked.add(f);
            return List.of();
        })).containsExactly(KeyRange.ALL);
        assertThat(asked).isEmpty();
    }

    @Test
    void rangesAreContiguousFromUnboundedToUnboundedAndCutAtSampledKeys() throws Exception {
        List<Double> asked = new ArrayList<>();
        List<KeyRange> plan = SegmentPlanner.plan(10_000, 1000, (f, limit) -> {
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
        List<KeyRange> plan = SegmentPlanner.plan(10_000, 1000, (f, limit) -> sample);
        long inDense = plan.stream().filter(r -> r.upper() != null && Long.parseLong(r.upper().get(0)) <= 160).count();
        assertThat(inDense).isBetween(4L, 5L);
    }

    @Test
    void repeatedSampledKeysGiveNoEmptyRangesAndAnEmptySampleGivesOneRange() throws Exception {
        List<KeyRange> plan = SegmentPlanner.plan(10_000, 1000, (f, limit) -> keys(LongStream.of(5, 5, 5, 5, 5, 5, 5, 5, 9, 9, 9, 9)));
        assertThat(plan).containsExactly(new KeyRange(null, List.of("5")), new KeyRange(List.of("5"), List.of("9")),
                new KeyRange(List.of("9"), null));
        assertThat(SegmentPlanner.plan(10_000, 1000, (f, limit) -> List.of())).containsExactly(KeyRange.ALL);
    }

    @Test
    void aGoodEstimateIsPlannedFromTheSampleAloneWhichAlsoGivesTheRows() throws Exception {
        List<Integer> limits = new ArrayList<>();
        SegmentPlanner.Plan plan = SegmentPlanner.plan(10_000, 1000, (f, limit) -> {
            limits.add(limit);
            // 310 keys at the fraction 320 / 10,000: about 9,700 rows.
            return keys(LongStream.rangeClosed(1, 310).map(i -> i * 31));
        }, () -> {
            throw new AssertionError("counted although the estimate was good");
        });
        assertThat(limits).containsExactly(320 * SegmentPlanner.SAMPLE_LIMIT_FACTOR);
        assertThat(plan.rows()).isEqualTo(9688);
        assertThat(plan.ranges()).hasSize(10);
        assertThat(plan.ranges().get(0).lower()).isNull();
        assertThat(plan.ranges().get(9).upper()).isNull();
    }

    @Test
    void anEstimateTooHighGivesFewerSegmentsAsTheSampleTellsTheRows() throws Exception {
        // The catalog says 100,000 rows; the sample at 3,200 / 100,000 finds 64 keys: about 2,000 rows, two segments.
        SegmentPlanner.Plan plan = SegmentPlanner.plan(100_000, 1000, (f, limit) -> keys(LongStream.rangeClosed(1, 64)), () -> {
            throw new AssertionError("counted");
        });
        assertThat(plan.rows()).isEqualTo(2000);
        assertThat(plan.ranges()).containsExactly(new KeyRange(null, List.of("33")), new KeyRange(List.of("33"), null));
    }

    @Test
    void noEstimateASmallOneOrASampleThatShowsItFarTooLowIsCounted() throws Exception {
        List<Double> asked = new ArrayList<>();
        // None, or at most one segment: counted, and planned from the count.
        SegmentPlanner.Plan none = SegmentPlanner.plan(0, 1000, (f, limit) -> {
            asked.add(f);
            return keys(LongStream.rangeClosed(1, 320).map(i -> i * 31));
        }, () -> 10_000);
        assertThat(none.rows()).isEqualTo(10_000);
        assertThat(none.ranges()).hasSize(10);
        assertThat(asked).containsExactly(320 / 10_000.0);
        assertThat(SegmentPlanner.plan(900, 1000, (f, limit) -> List.of(), () -> 500).ranges()).containsExactly(KeyRange.ALL);
        // An estimate of 2,000 rows for a table of 100,000: the sample reaches its limit, so the rows are counted.
        List<Integer> limits = new ArrayList<>();
        SegmentPlanner.Plan low = SegmentPlanner.plan(2000, 1000, (f, limit) -> {
            limits.add(limit);
            return limit > 0 ? keys(LongStream.rangeClosed(1, limit)) : keys(LongStream.rangeClosed(1, 3200).map(i -> i * 31));
        }, () -> 100_000);
        assertThat(limits).containsExactly(2 * 32 * SegmentPlanner.SAMPLE_LIMIT_FACTOR, 0);
        assertThat(low.rows()).isEqualTo(100_000);
        assertThat(low.ranges()).hasSize(100);
    }
}
