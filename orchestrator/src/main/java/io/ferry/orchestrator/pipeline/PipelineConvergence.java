package io.ferry.orchestrator.pipeline;

import io.ferry.core.topic.TopicNames;
import io.ferry.apply.jdbc.TargetConnections;
import io.ferry.apply.streams.ApplierService;
import io.ferry.capture.SourceTables;
import io.ferry.core.config.PipelineConfig;
import io.ferry.validator.Convergence;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Live validation's view of a running pipeline, from outside its processes: the source's GTID
 * position is the mark; it is reached when capture's stored offsets cover it (outside a snapshot)
 * and the applier's offsets in the target reach the end of every change partition.
 */
public final class PipelineConvergence implements Convergence {

    private final PipelineConfig config;

    public PipelineConvergence(PipelineConfig config) {
        this.config = config;
    }

    @Override
    public Object mark() throws SQLException {
        try (Connection source = SourceTables.connect(config.source())) {
            return CatchUp.sourceWatermark(source);
        }
    }

    @Override
    public boolean awaitApplied(Object mark, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (CaptureOffsets offsets = new CaptureOffsets(config)) {
            while (true) {
                if (CatchUp.captureCovers(offsets.latest(), mark.toString())) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    return false;
                }
                Thread.sleep(500);
            }
        }
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        p.putAll(config.kafka().clientConfig()); // security.protocol, ssl.*, sasl.*
        try (Admin admin = Admin.create(p)) {
            CatchUp.awaitApplied(admin, TopicNames.pipelineTopicPattern(config), () -> {
                try {
                    return TargetConnections.open(config.target(), "ferry-validate");
                } catch (SQLException e) {
                    throw new IllegalStateException("cannot connect to the target: " + e.getMessage(), e);
                }
            }, ApplierService.appliedOffsets(config), Duration.ofNanos(Math.max(1, deadline - System.nanoTime())), () -> null);
            return true;
        } catch (IllegalStateException timedOut) {
            if (timedOut.getMessage() != null && timedOut.getMessage().startsWith("timed out")) {
                return false;
            }
            throw timedOut;
        }
    }
}
