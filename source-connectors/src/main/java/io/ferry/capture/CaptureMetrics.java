package io.ferry.capture;

import io.ferry.core.event.Op;
import io.ferry.core.schema.TableId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Capture's meters (names and units in docs/metrics.md), fed by {@link CaptureStats}. Labels: the pipeline's name,
 * the table and the operation; never a host, user or password.
 */
public final class CaptureMetrics implements CaptureStats.Listener {

    private final MeterRegistry registry;
    private final String pipeline;
    private final Map<String, Counter> events = new ConcurrentHashMap<>();
    private final Map<TableId, Counter> snapshotRows = new ConcurrentHashMap<>();
    private final Timer produce;

    private CaptureMetrics(MeterRegistry registry, String pipeline) {
        this.registry = registry;
        this.pipeline = pipeline;
        this.produce = Timer.builder("ferry_capture_produce")
                .description("time from sending a batch of change events to Kafka until all of it is acknowledged, retries included")
                .tag("pipeline", pipeline).publishPercentileHistogram().maximumExpectedValue(Duration.ofMinutes(1))
                .register(registry);
    }

    /** Registers capture's meters for {@code stats} in {@code registry}. */
    public static CaptureMetrics bind(MeterRegistry registry, String pipeline, CaptureStats stats) {
        CaptureMetrics m = new CaptureMetrics(registry, pipeline);
        stats.addListener(m);
        Gauge.builder("ferry_capture_source_position_age_seconds", stats, s -> s.lastOffsetAtMillis() < 0 ? Double.NaN
                        : Math.max(0, System.currentTimeMillis() - s.lastOffsetAtMillis()) / 1000.0)
                .description("seconds since capture last stored a source position that Kafka acknowledged (heartbeats included)")
                .baseUnit("seconds").tag("pipeline", pipeline).register(registry);
        Gauge.builder("ferry_capture_streaming", stats, s -> s.streaming() ? 1 : 0)
                .description("1 once capture has delivered the snapshot and reads the source's log, else 0")
                .tag("pipeline", pipeline).register(registry);
        Gauge.builder("ferry_capture_slot_retained_wal_bytes", stats, s -> s.slotRetainedWalBytes() < 0 ? Double.NaN : s.slotRetainedWalBytes())
                .description("bytes of WAL the source's replication slot retains (PostgreSQL; NaN for sources without a slot)")
                .baseUnit("bytes").tag("pipeline", pipeline).register(registry);
        FunctionCounter.builder("ferry_capture_retries", stats, CaptureStats::retries)
                .description("sends to Kafka that failed and were tried again").tag("pipeline", pipeline).register(registry);
        return m;
    }

    @Override
    public void acked(Op op, TableId table) {
        count(op, table, 1);
    }

    @Override
    public void snapshotRows(TableId table, long rows) {
        count(Op.READ, table, rows);
    }

    private void count(Op op, TableId table, long n) {
        String key = table + "\u0000" + op;
        events.computeIfAbsent(key, k -> Counter.builder("ferry_capture_events")
                .description("change events Kafka acknowledged, per table and operation (snapshot rows are op=read)")
                .baseUnit("events").tags("pipeline", pipeline, "table", table.toString(), "op", op.name().toLowerCase())
                .register(registry)).increment(n);
        if (op == Op.READ) {
            snapshotRows.computeIfAbsent(table, t -> Counter.builder("ferry_capture_snapshot_rows")
                    .description("rows the initial snapshot read and Kafka acknowledged, per table")
                    .baseUnit("rows").tags("pipeline", pipeline, "table", t.toString()).register(registry)).increment(n);
        }
    }

    @Override
    public void produced(int records, long nanos) {
        produce.record(nanos, TimeUnit.NANOSECONDS);
    }
}
