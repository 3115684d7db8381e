package io.ferry.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.orchestrator.cutover.PipelineReadiness;
import io.ferry.orchestrator.migration.ReadinessSignals;
import io.ferry.orchestrator.pipeline.LocalPipeline;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Readiness measured from outside the services: a caught-up pipeline is ready, a stopped one is not. */
class PipelineReadinessIT {

    @Test
    void seesARunningCaughtUpPipelineAsReadyAndAStoppedOneAsNotRunning() throws Exception {
        PipelineFixture f = new PipelineFixture("readiness_it", "dlq", 500);
        f.sourceSql("CREATE TABLE items (id INT PRIMARY KEY, v INT)", "INSERT INTO items VALUES (1, 1), (2, 2)");
        f.targetSql("CREATE SCHEMA IF NOT EXISTS app", "CREATE TABLE app.items (id integer PRIMARY KEY, v integer)");
        try (PipelineReadiness readiness = new PipelineReadiness(f.config, f::target, () -> true)) {
            try (LocalPipeline pipeline = f.startInProcess()) {
                Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> pipeline.capture().stats().streaming()
                        || !pipeline.capture().stats().snapshotRows().isEmpty());
                pipeline.awaitCaughtUp(Duration.ofSeconds(90));
                f.sourceSql("UPDATE items SET v = 3 WHERE id = 1");
                pipeline.awaitCaughtUp(Duration.ofSeconds(60));

                Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                    ReadinessSignals s = readiness.read();
                    assertThat(s.captureRunning()).as("capture running").isTrue();
                    assertThat(s.applierRunning()).as("applier running").isTrue();
                    assertThat(s.lag()).isLessThan(Duration.ofSeconds(2));
                    assertThat(s.lagSteadyFor()).isGreaterThan(Duration.ZERO);
                });
                assertThat(readiness.read().deadLetters()).isZero();
            }
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> !readiness.read().applierRunning());
        }
    }
}
