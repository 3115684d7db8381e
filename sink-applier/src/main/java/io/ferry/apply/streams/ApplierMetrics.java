package io.ferry.apply.streams;

import io.ferry.apply.ApplierStats;
import io.ferry.apply.ApplyBatch;
import io.ferry.core.schema.TableId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The applier's meters (names and units in docs/metrics.md), fed by {@link ApplierStats}. Labels: the pipeline's
 * name and the table; never a host, user or password.
 */
public final class ApplierMetrics implements ApplierStats.CommitListener {

    private final MeterRegistry registry;
    private final String pipeline;
    private final Map<TableId, Counter> applied = new ConcurrentHashMap<>();
    private final Timer lag;
    private final DistributionSummary batchRows;

    private ApplierMetrics(MeterRegistry registry, String pipeline) {
        this.registry = registry;
        this.pipeline = pipeline;
        this.lag = Timer.builder("ferry_applier_lag")
                .description("time from a change's commit on the source to its batch's commit on the target")
                .tag("pipeline", pipeline).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10)).maximumExpectedValue(Duration.ofHours(1)).register(registry);
        this.batchRows = DistributionSummary.builder("ferry_applier_batch_rows")
                .description("row changes per committed target transaction (after collapsing by key)")
                .baseUnit("rows").tag("pipeline", pipeline).publishPercentileHistogram()
                .maximumExpectedValue(100_000.0).register(registry);
    }

    /**
     * Registers the applier's meters for {@code stats} in {@code registry}.
     *
     * @param recordsLag the records the applier's consumer has yet to read, over all partitions (NaN when unknown)
     */
    public static ApplierMetrics bind(MeterRegistry registry, String pipeline, ApplierStats stats, ToDoubleFunction<ApplierStats> recordsLag) {
        ApplierMetrics m = new ApplierMetrics(registry, pipeline);
        stats.addCommitListener(m);
        Timer batch = Timer.builder("ferry_applier_batch")
                .description("time to write one batch to the target, retries included")
                .tag("pipeline", pipeline).publishPercentileHistogram().maximumExpectedValue(Duration.ofMinutes(5)).register(registry);
        stats.addWriteListener((received, nanos) -> batch.record(nanos, TimeUnit.NANOSECONDS));
        FunctionCounter.builder("ferry_applier_retries", stats, ApplierStats::retries)
                .description("target writes that failed and were tried again").tag("pipeline", pipeline).register(registry);
        FunctionCounter.builder("ferry_applier_dead_letters", stats, ApplierStats::deadLetters)
                .description("records this applier sent to the dead-letter topic").tag("pipeline", pipeline).register(registry);
        Gauge.builder("ferry_applier_lag_records", stats, recordsLag)
                .description("records in the change topics the applier has not read yet, over all partitions")
                .baseUnit("records").tag("pipeline", pipeline).register(registry);
        Gauge.builder("ferry_applier_last_lag_seconds", stats, s -> s.lastLagMillis() < 0 ? Double.NaN : s.lastLagMillis() / 1000.0)
                .description("lag of the newest change of the last committed batch").baseUnit("seconds").tag("pipeline", pipeline)
                .register(registry);
        return m;
    }

    @Override
    public void committed(List<ApplyBatch.Entry> entries, long committedAtMillis) {
        batchRows.record(entries.size());
        Map<TableId, Integer> perTable = new HashMap<>();
        for (ApplyBatch.Entry e : entries) {
            perTable.merge(e.event().table(), 1, Integer::sum);
            Long ts = e.event().commitTimeMillis();
            if (ts != null && ts > 0) {
                lag.record(Math.max(0, committedAtMillis - ts), TimeUnit.MILLISECONDS);
            }
        }
        perTable.forEach((t, n) -> applied.computeIfAbsent(t, k -> Counter.builder("ferry_applier_rows_applied")
                .description("row changes committed to the target, per table")
                .tags("pipeline", pipeline, "table", k.toString()).register(registry)).increment(n));
    }
}
