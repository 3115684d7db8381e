package io.ferry.capture;

import io.ferry.core.config.PipelineConfig;
import io.ferry.core.metrics.Health;
import java.sql.Connection;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/** Capture's readiness: it runs, the source answers, and the broker it produces to answers. */
final class CaptureHealth {

    private static final int TIMEOUT_SECONDS = 3;

    private CaptureHealth() {
    }

    static void register(Health health, PipelineConfig config, CaptureService capture) {
        health.add("capture", () -> capture.failure() == null ? null : "capture stopped: " + capture.failure().getMessage());
        health.add("source", () -> {
            try (Connection c = SourceTables.connect(config.source())) {
                return c.isValid(TIMEOUT_SECONDS) ? null : "the source connection does not answer";
            }
        });
        health.add("kafka-producer", () -> brokerProblem(config.kafka().bootstrapServers()));
    }

    /** Null when the cluster answers a metadata request within a few seconds. */
    static String brokerProblem(String bootstrap) {
        Properties p = new Properties();
        p.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(TIMEOUT_SECONDS * 1000));
        p.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Integer.toString(TIMEOUT_SECONDS * 1000));
        try (Admin admin = Admin.create(p)) {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(TIMEOUT_SECONDS * 1000)).nodes().get(TIMEOUT_SECONDS + 1, TimeUnit.SECONDS);
            return null;
        } catch (Exception e) {
            return "the Kafka cluster at " + bootstrap + " does not answer: " + e.getClass().getSimpleName();
        } 
    }
}
