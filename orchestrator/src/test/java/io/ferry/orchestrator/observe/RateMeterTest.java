package io.ferry.orchestrator.observe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateMeterTest {

    @Test
    void measuresTheRateOverTheWindowOnly() {
        RateMeter r = new RateMeter(10_000);
        assertThat(r.perSecond()).isZero();
        r.add(0, 0);
        r.add(1_000, 1_000_000); // a burst long ago
        r.add(20_000, 1_000_100);
        r.add(30_000, 1_001_100);
        assertThat(r.perSecond()).isEqualTo(100.0);
    }

    @Test
    void etaIsWhatIsLeftAtTheRateAndNoneWithoutARateOrWhenDone() {
        assertThat(RateMeter.etaSeconds(100, 1100, 100)).isEqualTo(10L);
        assertThat(RateMeter.etaSeconds(100, 1101, 100)).isEqualTo(11L);
        assertThat(RateMeter.etaSeconds(100, 1100, 0)).isNull();
        assertThat(RateMeter.etaSeconds(1100, 1100, 50)).isNull();
    }
}
