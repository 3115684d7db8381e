package io.ferry.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HealthTest {

    @Test
    void isReadyOnlyWhenEveryCheckPassesAndNamesTheFailingOnes() {
        Health h = new Health().add("source", () -> null).add("kafka", () -> "the Kafka cluster at k:9092 does not answer");
        var results = h.run();
        assertThat(results).containsEntry("source", "ok").containsEntry("kafka", "the Kafka cluster at k:9092 does not answer");
        assertThat(Health.ready(results)).isFalse();
        assertThat(Health.ready(new Health().add("source", () -> null).run())).isTrue();
    }

    @Test
    void aCheckThatThrowsCountsAsFailedWithItsMessage() {
        var results = new Health().add("target", () -> {
            throw new java.sql.SQLException("connection refused");
        }).run();
        assertThat(results).containsEntry("target", "SQLException: connection refused");
        assertThat(Health.ready(results)).isFalse();
    }

    @Test
    void withNoChecksAProcessIsReady() {
        assertThat(Health.ready(new Health().run())).isTrue();
    }

    @Test
    void aReplacedCheckIsTheOnlyOneOfItsName() {
        Health h = new Health().add("kafka-consumer", () -> "Kafka Streams is NOT_RUNNING").add("target", () -> null);
        h.replace("kafka-consumer", () -> null);
        assertThat(h.run()).containsOnlyKeys("kafka-consumer", "target").containsEntry("kafka-consumer", "ok");
        assertThat(Health.ready(h.run())).isTrue();
    }
}
