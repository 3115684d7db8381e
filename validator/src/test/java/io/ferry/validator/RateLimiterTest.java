package io.ferry.validator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private long now = 1_000_000_000L;
    private final List<Long> sleeps = new ArrayList<>();

    private RateLimiter limiter(long rowsPerSecond) {
        return new RateLimiter(rowsPerSecond, () -> now, nanos -> {
            sleeps.add(nanos);
            now += nanos;
        });
    }

    @Test
    void readsBeyondTheLimitWaitForTheirShareOfTime() throws Exception {
        RateLimiter limit = limiter(1_000);
        limit.acquire(500);
        limit.acquire(500);
        limit.acquire(1_000);
        assertThat(sleeps).as("the second read waits for the first's half second, the third for the second's")
                .containsExactly(500_000_000L, 500_000_000L);
    }

    @Test
    void timeThatPassedCountsAndNoLimitNeverWaits() throws Exception {
        RateLimiter limit = limiter(1_000);
        limit.acquire(1_000);
        now += 2_000_000_000L;
        limit.acquire(1_000);
        assertThat(sleeps).isEmpty();
        RateLimiter none = limiter(0);
        none.acquire(1_000_000);
        none.acquire(1_000_000);
        assertThat(sleeps).isEmpty();
    }
}
