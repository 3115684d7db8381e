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

    @Test
    void aKeylessTableIsToldToSetItsReplicaIdentityOnlyWhenItHasNone() {
        var col = new io.ferry.orchestrator.schema.PostgresSourceTable.Column("id", "bigint", false, null, "", null, "b", "pg_catalog",
                "int8", java.util.List.of(), null, null);
        var t = new io.ferry.orchestrator.schema.PostgresSourceTable(new io.ferry.core.schema.TableId("Sales", "orders"), java.util.List.of(col),
                java.util.List.of(), java.util.List.of(new io.ferry.orchestrator.schema.PostgresSourceTable.Index("orders_id", true,
                java.util.List.of("id"), "btree (id)")), java.util.List.of(), java.util.List.of(), null);

        assertThat(PostgresSourceChecks.keylessWarning("d", t).message()).isEqualTo(
                "no primary key; its unique index on [id] will serve as the key, and the table needs REPLICA IDENTITY USING INDEX");
        assertThat(PostgresSourceChecks.keylessWarning("i", t).message()).doesNotContain("needs").contains("its REPLICA IDENTITY USING INDEX");
        assertThat(PostgresSourceChecks.keylessWarning("f", t).message()).doesNotContain("needs").contains("REPLICA IDENTITY FULL");
        assertThat(PostgresSourceChecks.replicaIdentity("d", t)).hasValueSatisfying(f -> assertThat(f.code()).isEqualTo("table.replica-identity"));
        assertThat(PostgresSourceChecks.replicaIdentity("i", t)).isEmpty();
    }
}
