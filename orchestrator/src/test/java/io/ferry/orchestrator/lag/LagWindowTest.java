package io.ferry.orchestrator.lag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LagWindowTest {

    private final LagWindow window = new LagWindow();

    @Test
    void reportsExactPercentilesForLagsUnder32Millis() {
        for (int lag = 1; lag <= 20; lag++) {
            window.record(1_000, lag);
        }
        assertThat(window.stats(1_000)).isEqualTo(new LagStats(20, 10, 19, 20, 20));
    }

    @Test
    void reportsPercentilesWithinOneThirtySecondOfTheNearestRankValue() {
        List<Integer> lags = new ArrayList<>();
        for (int lag = 1; lag <= 10_000; lag++) {
            lags.add(lag);
        }
        Collections.shuffle(lags, new Random(42));
        lags.forEach(lag -> window.record(5_000, lag));

        LagStats s = window.stats(5_000);
        assertThat(s.samples()).isEqualTo(10_000);
        assertThat(s.p50Millis()).isCloseTo(5_000L, within(5_000L / 32));
        assertThat(s.p95Millis()).isCloseTo(9_500L, within(9_500L / 32));
        assertThat(s.p99Millis()).isCloseTo(9_900L, within(9_900L / 32));
        assertThat(s.maxMillis()).isEqualTo(10_000);
    }

    @Test
    void weighsASampleByItsRowCountSoOneSlowRowInAHundredShowsInMaxButNotInP99() {
        window.record(1_000, 10, 99);
        window.record(1_000, 3_000, 1);

        LagStats s = window.stats(1_000);
        assertThat(s.samples()).isEqualTo(100);
        assertThat(s.p99Millis()).isEqualTo(10);
        assertThat(s.maxMillis()).isEqualTo(3_000);
    }

    @Test
    void keepsASampleForTheWholeWindowAndEvictsItWithinOneSlotAfter() {
        window.record(0, 5_000);
        window.record(50_000, 10);

        assertThat(window.stats(60_000).samples()).isEqualTo(2);
        assertThat(window.stats(60_000).maxMillis()).isEqualTo(5_000);
        LagStats later = window.stats(62_000);
        assertThat(later.samples()).isEqualTo(1);
        assertThat(later.maxMillis()).isEqualTo(10);
        assertThat(window.stats(200_000)).isEqualTo(LagStats.EMPTY);
    }

    @Test
    void evictsByTheWindowItWasGiven() {
        LagWindow tenSeconds = new LagWindow(Duration.ofSeconds(10));
        tenSeconds.record(0, 700);
        tenSeconds.record(9_000, 20);

        assertThat(tenSeconds.stats(10_000).samples()).isEqualTo(2);
        assertThat(tenSeconds.stats(11_000).samples()).isEqualTo(1);
    }

    @Test
    void treatsAClockThatGoesBackAsStandingStill() {
        window.record(100_000, 40);
        window.record(90_000, 20);

        assertThat(window.stats(10_000)).isEqualTo(window.stats(100_000));
        assertThat(window.stats(100_000).samples()).isEqualTo(2);
    }

    @Test
    void countsANegativeLagFromClockSkewAsZero() {
        window.record(1_000, -250);

        assertThat(window.stats(1_000)).isEqualTo(new LagStats(1, 0, 0, 0, 0));
    }

    @Test
    void keepsMemoryBoundedWithAMillionSamplesAndReleasesItWhenIdle() {
        long bound = (long) (LagWindow.SLOTS + 1) * LagWindow.BUCKETS;
        for (int i = 0; i < 1_000_000; i++) {
            window.record(i / 10, i % 1_000);
            if (i % 100_000 == 0) {
                assertThat(window.allocatedCounters()).isLessThanOrEqualTo(bound);
            }
        }
        assertThat(window.allocatedCounters()).isLessThanOrEqualTo(bound);

        // slots from 38 s on are in the window ending at 99.999 s: samples i >= 380,000
        LagStats s = window.stats(99_999);
        assertThat(s.samples()).isEqualTo(620_000);
        assertThat(s.p50Millis()).isCloseTo(500L, within(500L / 32));
        assertThat(s.maxMillis()).isEqualTo(999);

        window.stats(1_000_000);
        assertThat(window.allocatedCounters()).isZero();
    }

    @Test
    void rejectsANegativeRowCount() {
        assertThatThrownBy(() -> window.record(0, 10, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }

    @Test
    void bucketsCoverEveryValueWithoutGapsOrOverlaps() {
        for (int i = 0; i < LagWindow.BUCKETS - 1; i++) {
            long lower = LagWindow.lowerBound(i);
            long upper = LagWindow.lowerBound(i + 1) - 1;
            assertThat(LagWindow.index(lower)).isEqualTo(i);
            assertThat(LagWindow.index(upper)).isEqualTo(i);
            assertThat(upper - lower).isLessThanOrEqualTo(Math.max(0, lower / 16));
        }
    }
}
