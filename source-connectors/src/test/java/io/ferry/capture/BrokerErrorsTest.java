package io.ferry.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

class BrokerErrorsTest {

    private final BrokerErrors errors = new BrokerErrors();

    @Test
    void anAbsentOrMovingBrokerIsWaitedOutEvenInsideTheFutureThatReportedIt() {
        assertThat(errors.isRetriable(new TimeoutException("Topic not present in metadata after 10000 ms"))).isTrue();
        assertThat(errors.isRetriable(new ExecutionException(new NotLeaderOrFollowerException("moved")))).isTrue();
        assertThat(errors.isRetriable(new java.util.concurrent.TimeoutException())).isTrue();
    }

    @Test
    void whatWaitingCannotFixStopsCapture() {
        assertThat(errors.isRetriable(new ExecutionException(new TopicAuthorizationException("denied")))).isFalse();
        assertThat(errors.isRetriable(new RecordTooLargeException("too large"))).isFalse();
        assertThat(errors.isRetriable(new IllegalStateException("a bug"))).isFalse();
    }
}
