package io.ferry.orchestrator.observe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LagSeriesTest {

    @Test
    void keepsTheLastWindowOfSamplesInOrder() {
        LagSeries s = new LagSeries(900_000);
        s.add(0, 1.0);
        s.add(1_000, null);
        s.add(899_000, 2.0);
        assertThat(s.points()).extracting(LagSeries.Point::atMillis).containsExactly(0L, 1_000L, 899_000L);
        s.add(901_000, 0.5);
        assertThat(s.points()).extracting(LagSeries.Point::atMillis).containsExactly(1_000L, 899_000L, 901_000L);
        assertThat(s.points().get(0).seconds()).isNull();
    }
}
