package io.ferry.validator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void anInexactPlanNeverShowsMoreThanAllOfTheRowsOrOfTheSegments() {
        Progress p = new Progress();
        p.table("t");
        // The plan's rows came from a sample: 9,700, where 10,000 were checked; and a segment finished before the total.
        p.segmentDone(5000);
        p.addTotal(9700, 1);
        p.segmentDone(5000);
        assertThat(p.totalRows()).isEqualTo(10_000);
        assertThat(p.line()).startsWith("validating t: 10,000 of 10,000 rows (100%), 2 of 2 segments");
        assertThat(p.eta()).isZero();
    }

    @Test
    void theEtaFollowsTheRateSoFar() {
        Progress p = new Progress();
        p.addTotal(1000, 4);
        assertThat(p.eta()).isNull();
        p.segmentDone(250);
        assertThat(p.eta()).isNotNull().isPositive();
        assertThat(p.line()).contains("250 of 1,000 rows (25%), 1 of 4 segments");
    }
}
