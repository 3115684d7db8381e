package io.ferry.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.core.event.Op;
import io.ferry.core.schema.TableId;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CaptureMetricsTest {

    private static final TableId ORDERS = TableId.of("shop", "orders");

    @Test
    void countsEventsPerTableAndOperationAndSnapshotRowsFromDebeziumAndFromABulkLoad() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        CaptureStats stats = new CaptureStats();
        CaptureMetrics.bind(registry, "shop", stats);
        stats.recordAcked(Op.READ, ORDERS);
        stats.recordAcked(Op.READ, ORDERS);
        stats.recordSnapshotRows(ORDERS, 1000);
        stats.recordAcked(Op.UPDATE, ORDERS);
        stats.recordProduced(3, 2_000_000);
        stats.recordRetry();
        String scrape = registry.scrape();
        assertThat(scrape)
                .contains("ferry_capture_events_total{op=\"read\",pipeline=\"shop\",table=\"shop.orders\"} 1002.0")
                .contains("ferry_capture_events_total{op=\"update\",pipeline=\"shop\",table=\"shop.orders\"} 1.0")
                .contains("ferry_capture_snapshot_rows_total{pipeline=\"shop\",table=\"shop.orders\"} 1002.0")
                .contains("ferry_capture_produce_seconds_count{pipeline=\"shop\"} 1")
                .contains("ferry_capture_retries_total{pipeline=\"shop\"} 1.0")
                .contains("ferry_capture_streaming{pipeline=\"shop\"} 1.0");
        assertThat(stats.snapshotRows()).isEqualTo(Map.of(ORDERS, 1002L));
    }

    @Test
    void thePositionAgeIsUnknownUntilAnOffsetIsStoredThenCountsFromIt() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        CaptureStats stats = new CaptureStats();
        CaptureMetrics.bind(registry, "shop", stats);
        assertThat(registry.scrape()).contains("ferry_capture_source_position_age_seconds{pipeline=\"shop\"} NaN");
        stats.recordOffset(Map.of("file", "binlog.000001", "pos", 4L));
        double age = registry.get("ferry_capture_source_position_age_seconds").gauge().value();
        assertThat(age).isBetween(0.0, 5.0);
    }
}
