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

    /** A sampler that gives these keys, noting each fraction asked and, at each key, how many ranges were handed on. */
    private static final class FakeSample implements SegmentPlanner.Sampler {
        final List<List<String>> keys;
        final List<Double> asked = new ArrayList<>();
        final List<KeyRange> handed = new ArrayList<>();
        final List<Integer> handedAtKey = new ArrayList<>();

        FakeSample(List<List<String>> keys) {
            this.keys = keys;
        }

        @Override
        public void sample(double fraction, java.util.function.Consumer<List<String>> consumer) {
            asked.add(fraction);
            for (List<String> k : keys) {
                handedAtKey.add(handed.size());
                consumer.accept(k);
            }
        }

        SegmentPlanner.Plan plan(long estimate, long segmentRows, long count) throws Exception {
            return SegmentPlanner.plan(estimate, segmentRows, this, () -> count, handed::add);
        }
    }

    private static final SegmentPlanner.Counter NO_COUNT = () -> {
        throw new AssertionError("counted although the estimate was enough");
    };

    @Test
    void aTableNoLargerThanOneSegmentIsOneUnboundedRangeAndIsNotSampled() throws Exception {
        FakeSample sample = new FakeSample(List.of());
        SegmentPlanner.Plan plan = sample.plan(0, 1000, 1000);
        assertThat(plan.ranges()).containsExactly(KeyRange.ALL);
        assertThat(plan.rows()).isEqualTo(1000);
        assertThat(sample.handed).containsExactly(KeyRange.ALL);
        assertThat(sample.asked).isEmpty();
    }

    @Test
    void rangesAreContiguousFromUnboundedToUnboundedCutAtEvery32ndSampledKeyAndHandedOnWhileTheSampleGoesOn() throws Exception {
        FakeSample sample = new FakeSample(keys(LongStream.rangeClosed(1, 320).map(i -> i * 31)));
        SegmentPlanner.Plan plan = SegmentPlanner.plan(10_000, 1000, sample, NO_COUNT, sample.handed::add);
        assertThat(sample.asked).containsExactly(10 * 32 / 10_000.0);
        assertThat(plan.ranges()).hasSize(10).isEqualTo(sample.handed);
        assertThat(plan.ranges().get(0).lower()).isNull();
        assertThat(plan.ranges().get(9).upper()).isNull();
        for (int i = 1; i < plan.ranges().size(); i++) {
            assertThat(plan.ranges().get(i).lower()).isEqualTo(plan.ranges().get(i - 1).upper());
        }
        assertThat(plan.ranges().get(1).lower()).isEqualTo(List.of(Long.toString(33 * 31)));
        // The first range was handed on at the next cut, the 65th key, long before the sample's end.
        assertThat(sample.handedAtKey.get(64)).isZero();
        assertThat(sample.handedAtKey.get(65)).isEqualTo(1);
        // The rows, as the sample tells them: 320 keys at 320 / 10,000.
        assertThat(plan.rows()).isEqualTo(10_000);
    }

    @Test
    void skewedKeysGiveSegmentsOfBalancedRowCountsNotOfBalancedKeySpans() throws Exception {
        // Half the keys dense from 1, half spread over twelve orders of magnitude: the sample follows the rows.
        List<List<String>> keys = new ArrayList<>(keys(LongStream.rangeClosed(1, 160)));
        keys.addAll(keys(LongStream.rangeClosed(1, 160).map(i -> 1_000_000_000_000L + i * 1_000_000_007L)));
        SegmentPlanner.Plan plan = new FakeSample(keys).plan(10_000, 1000, 0);
        long inDense = plan.ranges().stream().filter(r -> r.upper() != null && Long.parseLong(r.upper().get(0)) <= 160).count();
        assertThat(inDense).isBetween(4L, 5L);
    }

    @Test
    void repeatedSampledKeysGiveNoEmptyRangesAShortTailJoinsTheLastRangeAndAnEmptySampleGivesOneRange() throws Exception {
        List<List<String>> keys = new ArrayList<>(keys(LongStream.rangeClosed(1, 40).map(i -> 5)));
        keys.addAll(keys(LongStream.rangeClosed(1, 40).map(i -> 9)));
        keys.addAll(keys(LongStream.rangeClosed(1, 20).map(i -> 12)));
        // Cuts at the 33rd, 65th and 97th keys; the four keys after the last make no range of their own.
        assertThat(new FakeSample(keys).plan(10_000, 1000, 0).ranges()).containsExactly(new KeyRange(null, List.of("5")),
                new KeyRange(List.of("5"), List.of("9")), new KeyRange(List.of("9"), null));
        assertThat(new FakeSample(List.of()).plan(10_000, 1000, 0).ranges()).containsExactly(KeyRange.ALL);
    }

    @Test
    void anEstimateTooHighGivesFewerSegmentsOfTheSameSizeAndTheRowsTheSampleTells() throws Exception {
        // The catalog says 100,000 rows; the sample at 3,200 / 100,000 finds 64 keys: about 2,000 rows, two segments.
        FakeSample sample = new FakeSample(keys(LongStream.rangeClosed(1, 64)));
        SegmentPlanner.Plan plan = SegmentPlanner.plan(100_000, 1000, sample, NO_COUNT, sample.handed::add);
        assertThat(plan.rows()).isEqualTo(2000);
        assertThat(plan.ranges()).containsExactly(new KeyRange(null, List.of("33")), new KeyRange(List.of("33"), null));
    }

    @Test
    void anEstimateFarTooLowGivesLaterRangesMoreSampledKeysEach() throws Exception {
        // The catalog says 2,000 rows of a table of about 20,000: the sample holds ten times the 64 keys expected.
        SegmentPlanner.Plan plan = new FakeSample(keys(LongStream.rangeClosed(1, 640))).plan(2000, 1000, 0);
        assertThat(plan.rows()).isEqualTo(20_000);
        // Up to twice the expected keys (128) every 32nd, then every 64th, then every 96th and so on: fewer than 20 ranges.
        assertThat(plan.ranges().get(0).upper()).isEqualTo(List.of("33"));
        assertThat(plan.ranges().size()).isBetween(8, 12);
        for (int i = 1; i < plan.ranges().size(); i++) {
            assertThat(plan.ranges().get(i).lower()).isEqualTo(plan.ranges().get(i - 1).upper());
        }
    }

    @Test
    void noEstimateOrASmallOneIsCountedAndPlannedFromTheCount() throws Exception {
        FakeSample sample = new FakeSample(keys(LongStream.rangeClosed(1, 320).map(i -> i * 31)));
        SegmentPlanner.Plan plan = sample.plan(0, 1000, 10_000);
        assertThat(plan.rows()).isEqualTo(10_000);
        assertThat(plan.ranges()).hasSize(10);
        assertThat(sample.asked).containsExactly(320 / 10_000.0);
        FakeSample small = new FakeSample(List.of());
        assertThat(small.plan(900, 1000, 500).ranges()).containsExactly(KeyRange.ALL);
        assertThat(small.asked).isEmpty();
    }
}
