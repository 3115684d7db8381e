package io.ferry.orchestrator.cutover;

import io.ferry.apply.PartitionKey;
import io.ferry.apply.Progress;
import io.ferry.apply.jdbc.AppliedOffsetStore;
import io.ferry.orchestrator.migration.Connections;
import io.ferry.orchestrator.migration.MigrationPhase;
import io.ferry.orchestrator.pipeline.CatchUp;
import java.sql.Connection;
import java.sql.SQLException;
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

    private final CapturePosition capture;
    private final String bootstrapServers;
    private final java.util.Map<String, String> kafkaClient;
    private final java.util.regex.Pattern changeTopics;
    private final AppliedOffsetStore applied;
    private final Connections target;
    private final Supplier<Throwable> pipelineFailure;

    /** @param pipelineFailure a failure of capture or applier in this process, or a supplier of null */
    public DrainStep(CapturePosition capture, String bootstrapServers, java.util.regex.Pattern changeTopics, AppliedOffsetStore applied, Connections target,
                     Supplier<Throwable> pipelineFailure) {
        this(capture, bootstrapServers, java.util.Map.of(), changeTopics, applied, target, pipelineFailure);
    }

    /** @param kafkaClient the pipeline's Kafka client settings (kafka.clientProperties) */
    public DrainStep(CapturePosition capture, String bootstrapServers, java.util.Map<String, String> kafkaClient,
                     java.util.regex.Pattern changeTopics, AppliedOffsetStore applied, Connections target, Supplier<Throwable> pipelineFailure) {
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
        String watermark = ctx.watermark();
        if (watermark == null) {
            throw new IllegalStateException("no watermark was recorded before the drain");
        }
        long t0 = System.nanoTime();
        while (true) {
            Map<String, ?> offset = capture.latest();
            if (!inSnapshot(offset) && SourcePositions.reached(offset, watermark)) {
                break;
            }
            Throwable f = pipelineFailure.get();
            if (f != null) {
                throw new IllegalStateException("the pipeline failed during the drain: " + f.getMessage(), f);
            }
            if (ctx.remaining().isNegative()) {
                throw new IllegalStateException("capture did not reach " + watermark + " (at " + offset + ") within the freeze budget");
            }
            Thread.sleep(20);
        }
        long captured = (System.nanoTime() - t0) / 1_000_000L;
        try (Admin admin = Admin.create(adminProps())) {
            CatchUp.awaitApplied(admin, changeTopics, this::openTarget, applied, positive(ctx.remaining()), pipelineFailure);
        }
        return StepReport.of("capture passed the watermark " + watermark + " after " + captured + " ms",
                "every change partition applied up to its end offset");
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
        Object at = offset.containsKey("gtids") ? offset.get("gtids") : offset.get("file") + ":" + offset.get("pos");
        return StepReport.of("capture at " + at + (inSnapshot(offset) ? " (still in the snapshot)" : "")
                        + (watermark == null ? "" : SourcePositions.reached(offset, watermark) ? ", past the source position"
                        : ", behind the source position " + watermark),
                "applier " + behind + " change record(s) behind over " + partitions + " partition(s)",
                "would wait until capture passes the watermark read after the freeze, then until every partition is applied");
    }

    private static boolean inSnapshot(Map<String, ?> offset) {
        Object snapshot = offset.get("snapshot");
        return snapshot != null && !"false".equalsIgnoreCase(snapshot.toString());
    }

    private static Duration positive(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }

    private Connection openTarget() {
        try {
            return target.open();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to the target during the drain: " + e.getMessage(), e);
        }
    }

    private Properties adminProps() {
        Properties p = new Properties();
        p.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.putAll(kafkaClient);
        return p;
    }
}
