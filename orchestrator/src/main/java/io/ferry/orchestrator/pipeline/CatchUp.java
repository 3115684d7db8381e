package io.ferry.orchestrator.pipeline;

import io.ferry.apply.jdbc.AppliedOffsetStore;
import io.ferry.apply.PartitionKey;
import io.ferry.apply.Progress;
import io.ferry.core.event.PgLsn;
import io.ferry.core.topic.TopicNames;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import io.ferry.capture.CaptureStats;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;

/**
 * Waits until the target holds every change the source had committed when the wait began: first
 * capture must have delivered up to the source's GTID position (heartbeats move it on when the
 * captured tables are quiet), then the applier's offsets recorded in the target must reach the end
 * of every change partition. The same two steps are the cutover's drain.
 */
public final class CatchUp {

    private CatchUp() {
    }

    /**
     * The source's current position, the watermark to reach: MariaDB's GTID position, or on PostgreSQL the WAL's
     * current LSN ({@code pg_current_wal_lsn()}, as {@code X/Y}).
     */
    public static String sourceWatermark(Connection source) throws SQLException {
        boolean postgres = "PostgreSQL".equalsIgnoreCase(source.getMetaData().getDatabaseProductName());
        try (Statement s = source.createStatement();
             ResultSet rs = s.executeQuery(postgres ? "SELECT pg_current_wal_lsn()::text" : "SELECT @@gtid_binlog_pos")) {
            rs.next();
            return rs.getString(1);
        }
    }

    public static void awaitCapture(CaptureStats capture, String watermark, Duration timeout, Supplier<Throwable> failure)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<String, ?> offset = capture.lastAckedOffset();
            if (captureCovers(offset, watermark)) {
                return;
            }
            check(failure, deadline, "capture to reach source position " + watermark + " (at " + (offset.containsKey("lsn") ? offset.get("lsn") : offset.get("gtids")) + ")");
            Thread.sleep(100);
        }
    }

    /**
     * Whether capture's stored offset shows every change up to the watermark delivered. Snapshot records carry
     * the position the snapshot started at, which may already cover the watermark: only a record from the log
     * (or a heartbeat after the snapshot) shows that the snapshot is delivered.
     */
    public static boolean captureCovers(Map<String, ?> offset, String watermark) {
        if (offset.containsKey("lsn")) {
            return watermark != null && !inSnapshot(offset) && lsnReached(offset, watermark);
        }
        Object gtids = offset.get("gtids");
        return watermark != null && gtids != null && !inSnapshot(offset) && MariaDbGtids.covers(gtids.toString(), watermark);
    }

    /**
     * Whether a PostgreSQL capture offset (Debezium's {@code lsn}: the WAL position of the last event it handled, data
     * change, logical decoding message or heartbeat) is at or past a WAL LSN watermark ({@code X/Y}).
     */
    public static boolean lsnReached(Map<String, ?> offset, String watermark) {
        Object lsn = offset.get("lsn");
        return lsn instanceof Number n && new PgLsn(n.longValue()).compareTo(PgLsn.parse(watermark.trim())) >= 0;
    }

    static boolean inSnapshot(Map<String, ?> offset) {
        Object snapshot = offset.get("snapshot");
        return snapshot != null && !"false".equalsIgnoreCase(snapshot.toString());
    }

    /**
     * @param topics the pipeline's change topics ({@link TopicNames#pipelineTopicPattern}); other pipelines' topics on
     *               the cluster are not this applier's to reach
     */
    public static void awaitApplied(Admin admin, Pattern topics, Supplier<Connection> target, AppliedOffsetStore store,
            Duration timeout, Supplier<Throwable> failure) throws Exception {
        Map<TopicPartition, Long> ends = endOffsets(admin, topics);
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
