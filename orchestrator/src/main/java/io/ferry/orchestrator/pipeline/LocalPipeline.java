package io.ferry.orchestrator.pipeline;

import io.ferry.capture.engine.SourceEngine;
import io.ferry.capture.engine.SourceEngines;
import io.ferry.core.event.LogPosition;
import io.ferry.core.topic.TopicNames;
import io.ferry.apply.streams.ApplierService;
import io.ferry.capture.CaptureService;
import io.ferry.core.config.PipelineConfig;
import io.ferry.apply.jdbc.TargetConnections;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** Capture and applier of one pipeline running in this JVM, as {@code ferry demo} and the tests run them. */
public final class LocalPipeline implements AutoCloseable {

    private final PipelineConfig config;
    private CaptureService capture;
    private ApplierService applier;

    public LocalPipeline(PipelineConfig config) {
        this.config = config;
    }

    public LocalPipeline start() {
        capture = new CaptureService(config).start();
        applier = new ApplierService(config).start();
        return this;
    }

    public CaptureService capture() {
        return capture;
    }

    public ApplierService applier() {
        return applier;
    }

    public Throwable failure() {
        Throwable f = capture == null ? null : capture.failure();
        return f != null ? f : applier == null ? null : applier.failure();
    }

    /** Waits until every change committed on the source so far is in the target. */
    public void awaitCaughtUp(Duration timeout) throws Exception {
        SourceEngine engine = SourceEngines.of(config.source().kind());
        LogPosition watermark;
        try (Connection source = engine.connect(config.source())) {
            watermark = engine.currentPosition(source);
        }
        CatchUp.awaitCapture(engine, capture.stats(), watermark, timeout, this::failure);
        try (Admin admin = Admin.create(adminProps())) {
            CatchUp.awaitApplied(admin, TopicNames.pipelineTopicPattern(config), this::openTarget,
                    ApplierService.appliedOffsets(config), timeout, this::failure);
        }
    }

    public Connection openTarget() {
        try {
            return TargetConnections.open(config.target(), "ferry-coordinator-" + config.name());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to target " + TargetConnections.url(config.target()) + ": " + e.getMessage(), e);
        }
    }

    private Properties adminProps() {
        Properties p = new Properties();
        p.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        p.putAll(config.kafka().clientConfig()); // security.protocol, ssl.*, sasl.*
        return p;
    }

    private boolean closed;

    /** Stops applier and capture; again is a no-op (a cutover with reverse replication stops them after the flip). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (applier != null) {
            applier.close();
        }
        if (capture != null) {
            capture.close();
        }
    }
}
