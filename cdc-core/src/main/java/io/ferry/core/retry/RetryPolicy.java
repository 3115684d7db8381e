package io.ferry.core.retry;

import io.ferry.core.config.RetryConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One service's answer to "this call failed: what now?". A permanent error is thrown at once; a retriable one is
 * retried after a back-off that doubles from the initial to the maximum wait, until the call succeeds or the
 * outage has lasted the configured maximum (no limit by default). The start of an outage and the recovery are
 * reported to an {@link OutageListener} once each.
 *
 * <p>The clock and the sleep are injected: tests run an outage of hours in no time, and a service passes a sleep
 * that its shutdown interrupts.
 */
public final class RetryPolicy {

    /** Waits; a shutdown interrupts it. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;

        Sleeper REAL = d -> Thread.sleep(d.toMillis());

        /** Sleeps until the wait is over or {@code stop} is released, which ends the wait as an interruption. */
        static Sleeper until(java.util.concurrent.CountDownLatch stop) {
            return d -> {
                if (stop.await(d.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    throw new InterruptedException("stopping");
                }
            };
        }
    }

    /** A call that may fail with {@code X}. */
    @FunctionalInterface
    public interface Attempt<T, X extends Exception> {
        T run() throws X;
    }

    private final RetryConfig config;
    private final ErrorClassifier classifier;
    private final OutageListener listener;
    private final Clock clock;
    private final Sleeper sleeper;

    public RetryPolicy(RetryConfig config, ErrorClassifier classifier, OutageListener listener, Clock clock, Sleeper sleeper) {
        this.config = config;
        this.classifier = classifier;
        this.listener = listener;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** With the system clock and real sleeping. */
    public RetryPolicy(RetryConfig config, ErrorClassifier classifier, OutageListener listener) {
        this(config, classifier, listener, Clock.systemUTC(), Sleeper.REAL);
    }

    public boolean isRetriable(Throwable error) {
        return classifier.isRetriable(error);
    }

    /** The limit on one outage, empty for none. */
    public Optional<Duration> maxDuration() {
        return config.maxDuration();
    }

    /** The wait after the {@code failures}-th failure in a row (1-based): doubling, capped at the maximum. */
    public Duration backoff(int failures) {
        long delay = config.initialBackoffMs();
        for (int i = 1; i < failures && delay < config.maxBackoffMs(); i++) {
            delay *= 2;
        }
        return Duration.ofMillis(Math.min(delay, config.maxBackoffMs()));
    }

    /**
     * How many retries fit into the maximum duration (-1 when there is no limit), for clients that count
     * retries rather than time, such as Debezium's {@code errors.max.retries}.
     */
    public int retriesWithinLimit() {
        if (config.maxDuration().isEmpty()) {
            return -1;
        }
        long budget = config.maxDurationMs();
        int retries = 0;
        for (long spent = backoff(1).toMillis(); spent <= budget; spent += backoff(retries + 1).toMillis()) {
            retries++;
        }
        return Math.max(1, retries);
    }

    /**
     * Runs {@code attempt} until it succeeds, a permanent error is thrown (as it is), or the outage outlasts the
     * limit ({@link RetriesExhaustedException}). {@code between} runs after each retriable failure, before the
     * wait: the place to drop a broken connection.
     *
     * @throws InterruptedException when the wait between attempts is interrupted (the service is stopping)
     */
    @SuppressWarnings("unchecked")
    public <T, X extends Exception> T call(String what, Attempt<T, X> attempt, Runnable between) throws X, InterruptedException {
        int failures = 0;
        Instant started = null;
        while (true) {
            try {
                T result = attempt.run();
                if (failures > 0) {
                    listener.recovered(what, failures, Duration.between(started, clock.instant()));
                }
                return result;
            } catch (Exception e) {
                if (!classifier.isRetriable(e)) {
                    throw (X) e; // runtime exceptions pass through this cast unchanged, checked ones are X
                }
                between.run();
                failures++;
                if (started == null) {
                    started = clock.instant();
                    listener.outageStarted(what, e, config.maxDuration());
                }
                Duration lasted = Duration.between(started, clock.instant());
                Duration wait = backoff(failures);
                Optional<Duration> limit = config.maxDuration();
                if (limit.isPresent() && lasted.plus(wait).compareTo(limit.get()) > 0) {
                    throw new RetriesExhaustedException(what, failures, lasted, e);
                }
                sleeper.sleep(wait);
            }
        }
    }
}
