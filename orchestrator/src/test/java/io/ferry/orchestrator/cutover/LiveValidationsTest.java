package io.ferry.orchestrator.cutover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ferry.validator.ValidationReport;
import io.ferry.validator.service.ValidationJob;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The live validation loop runs no pass while it is not due (the first copy running), starts passes once it is, keeps
 * the clean one with the offsets taken before it, and stops within a bound when interrupted.
 */
class LiveValidationsTest {

    @Test
    void noPassRunsUntilThePassesAreDueThenTheyRunAndTheCleanOneIsKept() throws Exception {
        AtomicInteger passes = new AtomicInteger();
        ValidationJob job = (request, started) -> {
            passes.incrementAndGet();
            return new ValidationReport(List.of(), 5);
        };
        AtomicBoolean copied = new AtomicBoolean(false);
        AtomicInteger asked = new AtomicInteger();
        LiveValidations validations = new LiveValidations(job, () -> Map.of(), 10, 20).onlyWhen(() -> {
            asked.incrementAndGet();
            return copied.get();
        }, "the copy runs");
        Thread loop = new Thread(validations, "live-validation-test");
        loop.start();
        try {
            // Asked twice and answered no each time: the loop waited between, and ran nothing.
            await().atMost(Duration.ofSeconds(10)).until(() -> asked.get() >= 2);
            assertThat(passes.get()).isZero();
            assertThat(validations.lastWasClean()).isNull();
            assertThat(validations.lastClean()).isEmpty();

            copied.set(true);
            await().atMost(Duration.ofSeconds(10)).until(() -> passes.get() >= 2);
            assertThat(validations.lastWasClean()).isTrue();
            assertThat(validations.lastClean()).hasValueSatisfying(c -> assertThat(c.offsets()).isEmpty());
        } finally {
            loop.interrupt();
            loop.join(5_000);
        }
        assertThat(loop.isAlive()).as("the loop stops when interrupted").isFalse();
    }
}
