package io.ferry.orchestrator.check;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PostgresSourceChecksTest {

    @Test
    void aSlotHoldingMoreThanAGibibyteOfWalIsAWarning() {
        Finding small = PostgresSourceChecks.slotLag("ferry_shop", 4096);
        assertThat(small.severity()).isEqualTo(Finding.Severity.INFO);
        assertThat(small.message()).contains("4096 bytes");
        Finding big = PostgresSourceChecks.slotLag("ferry_shop", 3L << 30);
        assertThat(big.severity()).isEqualTo(Finding.Severity.WARNING);
        assertThat(big.code()).isEqualTo("slot.lag");
        assertThat(big.message()).contains("3072 MiB").contains("capture is stopped or behind");
    }
}
