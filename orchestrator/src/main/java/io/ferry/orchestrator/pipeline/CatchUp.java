package io.ferry.orchestrator.pipeline;

import io.ferry.apply.jdbc.AppliedOffsetStore;
import io.ferry.apply.PartitionKey;
import io.ferry.apply.Progress;
import io.ferry.capture.engine.SourceEngine;
import io.ferry.core.event.LogPosition;
import io.ferry.core.topic.TopicNames;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import io.ferry.capture.CaptureStats;
import java.sql.Connection;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;

/**
 * Waits until the target holds every change the source had committed when the wait began: first
 * capture must have delivered up to the source's position ({@link SourceEngine#currentPosition}) (heartbeats move it on when the
 * captured tables are quiet), then the applier's offsets recorded in the target must reach the end
 * of every change partition. The same two steps are the cutover's drain.
 */
public final class CatchUp {

    private CatchUp() {
    }

    /** Waits until capture has handed over every change up to {@code watermark} (see {@link SourceEngine#reached}). */
    public static void awaitCapture(SourceEngine engine, CaptureStats capture, LogPosition watermark, Duration timeout,
            Supplier<Throwable> failure) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<String, ?> offset = capture.lastAckedOffset();
            if (engine.reached(offset, watermark)) {
                return;
            }
            check(failure, deadline, "capture to reach source position " + watermark.text() + " (at "
                    + engine.capturedPosition(offset).map(LogPosition::text).orElse("no position yet") + ")");
            Thread.sleep(100);
        }
    }

    /**
     * @param topics the pipeline's change topics ({@link TopicNames#pipelineTopicPattern}); other pipelines' topics on
     *               the cluster are not this applier's to reach
     */
    public static void awaitApplied(Admin admin, Pattern topics, Supplier<Connection> target, AppliedOffsetStore store,
            Duration timeout, Supplier<Throwable> failure) throws Exception {
        awaitApplied(endOffsets(admin, topics), target, store, timeout, failure);
    }

    /** Waits until the applied offsets recorded in the target reach {@code ends} on every partition there. */
    public static void awaitApplied(Map<TopicPartition, Long> ends, Supplier<Connection> target, AppliedOffsetStore store,
            Duration timeout, Supplier<Throwable> failure) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<PartitionKey, Progress> applied;
            try (Connection c = target.get()) {
                applied = store.load(c);
            }
            long behind = 0;
            for (var e : ends.entrySet()) {
                Progress p = applied.get(new PartitionKey(e.getKey().topic(), e.getKey().partition()));
                long next = p == null ? 0 : p.next();
                behind += Math.max(0, e.getValue() - next);
            }
            if (behind == 0) {
                return;
            }
            check(failure, deadline, "the applier to apply " + behind + " more change records");
            Thread.sleep(100);
        }
    }

    private static void check(Supplier<Throwable> failure, long deadline, String waitingFor) {
        Throwable f = failure.get();
        if (f != null) {
            throw new IllegalStateException("pipeline failed while waiting for " + waitingFor + ": " + f.getMessage(), f);
        }
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException("timed out waiting for " + waitingFor);
        }
    }

    /** The end offset of every partition of a pipeline's change topics: what its applier must reach. */
    public static Map<TopicPartition, Long> endOffsets(Admin admin, Pattern pattern) throws Exception {
        List<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                .filter(t -> pattern.matcher(t).matches()).toList();
        Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
        for (TopicDescription d : admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).values()) {
            d.partitions().forEach(p -> specs.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest()));
        }
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(specs).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }
}
