package io.ferry.orchestrator.cutover;

import io.ferry.apply.PartitionKey;
import io.ferry.capture.engine.SourceEngine;
import io.ferry.core.event.LogPosition;
import io.ferry.apply.Progress;
import io.ferry.apply.jdbc.AppliedOffsetStore;
import io.ferry.orchestrator.migration.Connections;
import io.ferry.orchestrator.migration.MigrationPhase;
import io.ferry.orchestrator.pipeline.CatchUp;
import java.sql.Connection;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.TopicPartition;

/**
 * The drain, as {@link CatchUp} does it: capture must have delivered past the watermark (heartbeats move its
 * position when the captured tables are quiet), then the applied offsets recorded in the target must reach the end
 * of every change partition. Bounded by what is left of the freeze budget.
 */
public final class DrainStep implements CutoverStep {

    /** Capture's newest acknowledged Debezium offset: in process {@code CaptureStats::lastAckedOffset}, else {@code CaptureOffsets::latest}. */
    @FunctionalInterface
    public interface CapturePosition {
        Map<String, ?> latest() throws Exception;
    }

    private final SourceEngine engine;
    private final CapturePosition capture;
    private final String bootstrapServers;
    private final java.util.Map<String, String> kafkaClient;
    private final java.util.regex.Pattern changeTopics;
    private final AppliedOffsetStore applied;
    private final Connections target;
    private final Supplier<Throwable> pipelineFailure;
    private final CaptureNudge nudge;

    /** @param pipelineFailure a failure of capture or applier in this process, or a supplier of null */
    public DrainStep(SourceEngine engine, CapturePosition capture, String bootstrapServers, java.util.regex.Pattern changeTopics,
                     AppliedOffsetStore applied, Connections target, Supplier<Throwable> pipelineFailure) {
        this(engine, capture, bootstrapServers, java.util.Map.of(), changeTopics, applied, target, pipelineFailure);
    }

    /** @param kafkaClient the pipeline's Kafka client settings (kafka.clientProperties) */
    public DrainStep(SourceEngine engine, CapturePosition capture, String bootstrapServers, java.util.Map<String, String> kafkaClient,
                     java.util.regex.Pattern changeTopics, AppliedOffsetStore applied, Connections target, Supplier<Throwable> pipelineFailure) {
        this(engine, capture, bootstrapServers, kafkaClient, changeTopics, applied, target, pipelineFailure, null);
    }

    /** @param nudge what makes a frozen source log an event when capture is slow to confirm the watermark, or null */
    public DrainStep(SourceEngine engine, CapturePosition capture, String bootstrapServers, java.util.Map<String, String> kafkaClient,
                     java.util.regex.Pattern changeTopics, AppliedOffsetStore applied, Connections target, Supplier<Throwable> pipelineFailure,
                     CaptureNudge nudge) {
        this.nudge = nudge;
        this.engine = engine;
        this.capture = capture;
        this.bootstrapServers = bootstrapServers;
        this.kafkaClient = kafkaClient;
        this.changeTopics = changeTopics;
        this.applied = applied;
        this.target = target;
        this.pipelineFailure = pipelineFailure;
    }

    @Override
    public String name() {
        return "drain";
    }

    @Override
    public MigrationPhase reaches() {
        return MigrationPhase.DRAINED;
    }

    @Override
    public StepReport run(CutoverContext ctx) throws Exception {
        String watermarkText = ctx.watermark();
        if (watermarkText == null) {
            throw new IllegalStateException("no watermark was recorded before the drain");
        }
        LogPosition watermark = engine.parsePosition(watermarkText);
        long t0 = System.nanoTime();
        CaptureNudge.Nudged nudged = null;
        boolean pastLogEnd = false;
        while (true) {
            Map<String, ?> offset = capture.latest();
            if (engine.reached(offset, watermark)) {
                break;
            }
            if (nudged != null && nudge.passed(offset, nudged)) {
                pastLogEnd = true;
                break;
            }
            if (nudge != null && nudged == null && nudge.due(Duration.ofNanos(System.nanoTime() - t0))) {
                nudged = nudge.run();
            }
            Throwable f = pipelineFailure.get();
            if (f != null) {
                throw new IllegalStateException("the pipeline failed during the drain: " + f.getMessage(), f);
            }
            if (ctx.remaining().isNegative()) {
                throw new IllegalStateException("capture did not reach " + watermark.text() + " (at " + describe(offset)
                        + ") within the freeze budget");
            }
            Thread.sleep(20);
        }
        long captured = (System.nanoTime() - t0) / 1_000_000L;
        try (Admin admin = Admin.create(adminProps())) {
            CatchUp.awaitApplied(admin, changeTopics, target.unchecked("the target during the drain"), applied, positive(ctx.remaining()), pipelineFailure);
        }
        java.util.List<String> lines = new java.util.ArrayList<>();
        if (nudged != null) {
            lines.add(nudged.line());
        }
        lines.add(pastLogEnd ? "capture read past the end of the source's log at the freeze, and so past the watermark " + watermark.text()
                + ", after " + captured + " ms" : "capture passed the watermark " + watermark.text() + " after " + captured + " ms");
        lines.add("every change partition applied up to its end offset");
        return new StepReport(lines);
    }

    @Override
    public StepReport dryRun(CutoverContext ctx) throws Exception {
        Map<String, ?> offset = capture.latest();
        String watermark = ctx.watermark();
        long behind;
        int partitions;
        try (Admin admin = Admin.create(adminProps()); Connection c = target.open()) {
            Map<TopicPartition, Long> ends = CatchUp.endOffsets(admin, changeTopics);
            Map<PartitionKey, Progress> appliedNow = this.applied.load(c);
            behind = 0;
            for (var e : ends.entrySet()) {
                Progress p = appliedNow.get(new PartitionKey(e.getKey().topic(), e.getKey().partition()));
                behind += Math.max(0, e.getValue() - (p == null ? 0 : p.next()));
            }
            partitions = ends.size();
        }
        return StepReport.of("capture at " + describe(offset) + (SourceEngine.inSnapshot(offset) ? " (still in the snapshot)" : "")
                        + (watermark == null ? "" : engine.reached(offset, engine.parsePosition(watermark)) ? ", past the source position"
                        : ", behind the source position " + watermark),
                "applier " + behind + " change record(s) behind over " + partitions + " partition(s)",
                "would wait until capture passes the watermark read after the freeze, then until every partition is applied"
                        + (nudge == null ? "" : "; " + nudge.describe()));
    }

    private String describe(Map<String, ?> offset) {
        return engine.capturedPosition(offset).map(LogPosition::text).orElse("no position yet");
    }

    private static Duration positive(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }

    private Properties adminProps() {
        Properties p = new Properties();
        p.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.putAll(kafkaClient);
        return p;
    }
}
