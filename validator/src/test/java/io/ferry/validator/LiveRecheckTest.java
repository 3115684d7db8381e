package io.ferry.validator;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.core.event.LogPosition;
import io.ferry.core.event.PgLsn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LiveRecheckTest {

    private static final LogPosition NOW = new PgLsn(42);

    /** A pipeline whose applier is always caught up. */
    private static final Convergence CAUGHT_UP = new Convergence() {
        @Override
        public LogPosition mark() {
            return NOW;
        }

        @Override
        public boolean awaitApplied(LogPosition mark, Duration timeout) {
            return true;
        }
    };

    private static Difference missing(String key) {
        return new Difference(Difference.Kind.MISSING, List.of(key), List.of());
    }

    private static Difference differs(String key, String source, String target) {
        return new Difference(Difference.Kind.DIFFERS, List.of(key), List.of(new Difference.ColumnDifference("v", source, target)));
    }

    private static Map<Integer, Checkpoint.SegmentVerdict> verdicts(List<Difference> first, List<Difference> second) {
        Map<Integer, Checkpoint.SegmentVerdict> v = new TreeMap<>();
        v.put(0, new Checkpoint.SegmentVerdict(100, 99, first));
        v.put(1, new Checkpoint.SegmentVerdict(100, 100, second));
        v.put(2, new Checkpoint.SegmentVerdict(100, 100, List.of()));
        return v;
    }

    @Test
    void rowsInFlightAreReadAgainByTheirKeysOnlyAndARowThatArrivedIsNoLongerADifference() throws Exception {
        Map<Integer, Checkpoint.SegmentVerdict> v = verdicts(List.of(missing("7"), missing("8")), List.of(differs("150", "b", "a")));
        List<List<List<String>>> asked = new ArrayList<>();
        int rechecked = new LiveRecheck(CAUGHT_UP, Duration.ofSeconds(5)).converge("t", v, keys -> {
            asked.add(keys);
            return List.of(); // the applier brought them
        });
        assertThat(asked).containsExactly(List.of(List.of("7"), List.of("8")), List.of(List.of("150")));
        assertThat(rechecked).isEqualTo(2);
        assertThat(v.values()).allMatch(s -> s.differences().isEmpty());
        assertThat(v.get(0).sourceRows()).as("the segment's row counts stay those of its check").isEqualTo(100);
    }

    @Test
    void aDifferenceSeenAgainExactlyPersistsAndOneThatMovedIsReadUntilItSettles() throws Exception {
        Map<Integer, Checkpoint.SegmentVerdict> v = verdicts(List.of(differs("7", "b", "x")), List.of(differs("150", "b", "a")));
        AtomicInteger reads150 = new AtomicInteger();
        new LiveRecheck(CAUGHT_UP, Duration.ofSeconds(5)).converge("t", v, keys -> {
            if (keys.equals(List.of(List.of("7")))) {
                return List.of(differs("7", "b", "x")); // the target really holds another value
            }
            // A hot row: the source moved on twice before the target agreed.
            return switch (reads150.incrementAndGet()) {
                case 1 -> List.of(differs("150", "c", "b"));
                case 2 -> List.of(differs("150", "d", "c"));
                default -> List.of();
            };
        });
        assertThat(v.get(0).differences()).containsExactly(differs("7", "b", "x"));
        assertThat(v.get(1).differences()).isEmpty();
        assertThat(reads150).hasValue(3);
    }

    @Test
    void withoutConvergenceOrWhenTheApplierDoesNotCatchUpTheFirstSightingStands() throws Exception {
        Map<Integer, Checkpoint.SegmentVerdict> v = verdicts(List.of(missing("7")), List.of());
        assertThat(new LiveRecheck(null, null).converge("t", v, keys -> List.of())).isZero();
        assertThat(v.get(0).differences()).containsExactly(missing("7"));

        Convergence behind = new Convergence() {
            @Override
            public LogPosition mark() {
                return NOW;
            }

            @Override
            public boolean awaitApplied(LogPosition mark, Duration timeout) {
                return false;
            }
        };
        assertThat(new LiveRecheck(behind, Duration.ofSeconds(1)).converge("t", v, keys -> List.of())).isZero();
        assertThat(v.get(0).differences()).containsExactly(missing("7"));
    }
}
