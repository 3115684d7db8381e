package io.ferry.orchestrator.observe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MetricsDocTest {

    @Test
    void readsEveryDocumentedMeterWithItsOwner() throws Exception {
        var doc = MetricsDoc.documented();
        assertThat(doc).containsEntry("ferry_applier_lag_seconds", "applier").containsEntry("ferry_capture_events_total", "capture")
                .containsEntry("ferry_coordinator_phase", "coordinator").containsEntry("ferry_validator_differences", "validator")
                .containsEntry("jvm_memory_used_bytes", "jvm");
        assertThat(doc.keySet()).allMatch(n -> n.matches("[a-z][a-z_]*"));
    }

    @Test
    void findsHistogramsByTheirSeriesAndSumsSamples() {
        String scrape = """
                # HELP x
                ferry_applier_lag_seconds_bucket{le="0.1",pipeline="p"} 3
                ferry_applier_lag_seconds_count{pipeline="p"} 5
                ferry_applier_rows_applied_total{pipeline="p",table="a.b"} 7.0
                ferry_applier_rows_applied_total{pipeline="p",table="a.c"} 2.0
                ferry_applier_last_lag_seconds{pipeline="p"} NaN
                """;
        assertThat(MetricsDoc.present(scrape, "ferry_applier_lag_seconds")).isTrue();
        assertThat(MetricsDoc.present(scrape, "ferry_applier_lag")).isFalse();
        assertThat(MetricsDoc.sum(scrape, "ferry_applier_rows_applied_total")).isEqualTo(9.0);
        assertThat(MetricsDoc.sum(scrape, "ferry_applier_lag_seconds_count")).isEqualTo(5.0);
        assertThat(MetricsDoc.sum(scrape, "ferry_applier_last_lag_seconds")).isZero();
    }
}
