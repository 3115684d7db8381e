package io.ferry.core.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.core.config.RetryConfig;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    /** A clock that only moves when the policy "sleeps". */
    private static final class FakeTime extends Clock {
        Instant now = Instant.parse("2026-11-30T01:00:00Z");
        final List<Duration> sleeps = new ArrayList<>();

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void sleep(Duration d) {
            sleeps.add(d);
            now = now.plus(d);
        }
    }

    private static final class Events implements OutageListener {
        final List<String> seen = new ArrayList<>();

        @Override
        public void outageStarted(String what, Throwable error, Optional<Duration> limit) {
            seen.add("started " + what + ": " + error.getMessage() + " limit " + limit.map(Duration::toSeconds).orElse(-1L));
        }

        @Override
        public void recovered(String what, int failures, Duration lasted) {
            seen.add("recovered " + what + " after " + failures + " in " + lasted.toMillis() + " ms");
        }
    }

    private static final ErrorClassifier IO_IS_RETRIABLE = e -> e instanceof IOException;

    private final FakeTime time = new FakeTime();
    private final Events events = new Events();

    private RetryPolicy policy(long maxDurationMs, long initialMs, long maxMs) {
        return new RetryPolicy(new RetryConfig(maxDurationMs, initialMs, maxMs), IO_IS_RETRIABLE, events, time, time::sleep);
    }

    /** Fails with {@code error} the first {@code failures} times, then returns "ok". */
    private static RetryPolicy.Attempt<String, IOException> failing(int failures, IOException error) {
        int[] calls = {0};
        return () -> {
            if (calls[0]++ < failures) {
                throw error;
            }
            return "ok";
        };
    }

    @Test
    void backoffDoublesFromTheInitialWaitAndStaysAtTheCap() {
        RetryPolicy p = policy(0, 500, 4000);
        assertThat(List.of(p.backoff(1), p.backoff(2), p.backoff(3), p.backoff(4), p.backoff(5), p.backoff(60)))
                .containsExactly(Duration.ofMillis(500), Duration.ofMillis(1000), Duration.ofMillis(2000),
                        Duration.ofMillis(4000), Duration.ofMillis(4000), Duration.ofMillis(4000));
    }

    @Test
    void retriableErrorsAreRetriedWithoutLimitByDefaultAndRecoveryIsReportedOnce() throws Exception {
        RetryPolicy p = new RetryPolicy(RetryConfig.DEFAULTS, IO_IS_RETRIABLE, events, time, time::sleep);
        // 2000 failures with the default cap of 10 s is more than five hours of outage.
        int[] between = {0};
        String result = p.call("writing", failing(2000, new IOException("connection refused")), () -> between[0]++);

        assertThat(result).isEqualTo("ok");
        assertThat(between[0]).isEqualTo(2000);
        assertThat(time.sleeps).hasSize(2000);
        assertThat(time.sleeps.get(1999)).isEqualTo(Duration.ofMillis(RetryConfig.DEFAULT_MAX_BACKOFF_MS));
        long total = time.sleeps.stream().mapToLong(Duration::toMillis).sum();
        assertThat(events.seen).containsExactly(
                "started writing: connection refused limit -1",
                "recovered writing after 2000 in " + total + " ms");
    }

    @Test
    void anOutageLongerThanTheMaximumDurationStopsWithTheLastError() {
        RetryPolicy p = policy(10_000, 1000, 4000);
        IOException down = new IOException("connection refused");

        assertThatThrownBy(() -> p.call("writing", failing(Integer.MAX_VALUE, down), () -> { }))
                .isInstanceOf(RetriesExhaustedException.class)
                .hasMessageContaining("writing still failing after")
                .hasMessageContaining("connection refused")
                .hasCause(down);
        // 1 + 2 + 4 = 7 s waited; the next 4 s wait would pass the 10 s limit.
        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
        assertThat(events.seen).containsExactly("started writing: connection refused limit 10");
    }

    @Test
    void aPermanentErrorIsThrownAtOnceWithoutWaiting() {
        RetryPolicy p = policy(0, 500, 4000);
        IllegalStateException denied = new IllegalStateException("password authentication failed");

        assertThatThrownBy(() -> p.call("writing", () -> {
            throw denied;
        }, () -> { })).isSameAs(denied);
        assertThat(time.sleeps).isEmpty();
        assertThat(events.seen).isEmpty();
    }

    @Test
    void aPermanentErrorDuringAnOutageEndsItAtOnce() {
        RetryPolicy p = policy(0, 500, 4000);
        int[] calls = {0};
        IllegalStateException denied = new IllegalStateException("permission denied");

        assertThatThrownBy(() -> p.call("writing", () -> {
            if (calls[0]++ < 3) {
                throw new IOException("connection refused");
            }
            throw denied;
        }, () -> { })).isSameAs(denied);
        assertThat(time.sleeps).hasSize(3);
    }

    @Test
    void aStopEndsTheWaitBetweenAttempts() {
        CountDownLatch stop = new CountDownLatch(1);
        stop.countDown();
        RetryPolicy p = new RetryPolicy(RetryConfig.DEFAULTS, IO_IS_RETRIABLE, events, time, RetryPolicy.Sleeper.until(stop));

        assertThatThrownBy(() -> p.call("writing", failing(Integer.MAX_VALUE, new IOException("down")), () -> { }))
                .isInstanceOf(InterruptedException.class);
    }

    @Test
    void retriesWithinTheLimitCountTheWaitsThatFit() {
        assertThat(policy(0, 500, 4000).retriesWithinLimit()).isEqualTo(-1);
        // 1 + 2 + 4 + 4 = 11 s fit into 12 s, a fifth wait would not.
        assertThat(policy(12_000, 1000, 4000).retriesWithinLimit()).isEqualTo(4);
    }

    @Test
    void invalidSettingsAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> new RetryConfig(0, 5000, 1000))
                .hasMessageContaining("maxBackoffMs").hasMessageContaining("at least 5000");
        assertThatThrownBy(() -> new RetryConfig(-1, 0, 0)).hasMessageContaining("maxDurationMs");
    }
}
