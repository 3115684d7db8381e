package io.ferry.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.core.schema.TableId;
import io.ferry.orchestrator.demo.ShopDatabase;
import io.ferry.orchestrator.demo.RoutedWriter;
import io.ferry.orchestrator.demo.ShopWriter;
import io.ferry.orchestrator.demo.WriteLedger;
import io.ferry.orchestrator.migration.Routing;
import io.ferry.orchestrator.pipeline.LocalPipeline;
import io.ferry.orchestrator.schema.MySqlCatalogReader;
import io.ferry.orchestrator.schema.SchemaApplier;
import io.ferry.orchestrator.schema.SchemaPlanner;
import io.ferry.core.schema.mapping.TypeMapper;
import io.ferry.validator.TableChecksummer;
import io.ferry.validator.TableComparison;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The whole path in one JVM against the sandbox: a snapshot of the sample shop while a writer
 * inserts, updates (also several rows per statement), deletes, changes a primary key and inserts and
 * deletes rows inside one transaction; after the drain, every table equals the source row by row.
 */
class PipelineEndToEndIT {

    private static final Map<String, List<String>> KEYS = Map.of(
            "customers", List.of("id"), "products", List.of("id"), "orders", List.of("id"), "order_lines", List.of("order_id", "line_no"));

    @Test
    void snapshotPlusConcurrentStreamEndsWithTargetEqualToSourceRowByRow() throws Exception {
        PipelineFixture f = new PipelineFixture("e2e_shop", "dlq", 1000);
        ShopDatabase.Size size = new ShopDatabase.Size(3000, 300, 6000, 2);
        try (Connection c = f.source()) {
            ShopDatabase.createSource(c, f.name);
            ShopDatabase.load(c, size);
        }
        try (Connection c = f.source(); Connection pg = f.target()) {
            SchemaApplier.applyBeforeCopy(pg, new SchemaPlanner(new TypeMapper(io.ferry.core.config.TypesConfig.DEFAULTS))
                    .plan(MySqlCatalogReader.read(c, f.name), "app"));
        }
        // The shop application on the source only: a route that never moves.
        RoutedWriter writer = new RoutedWriter(() -> Routing.INITIAL, Routing.INITIAL, side -> f.source(), new ShopWriter(size, 3), 300,
                Duration.ofSeconds(1), new WriteLedger());
        try (LocalPipeline pipeline = f.startInProcess()) {
            Thread t = new Thread(writer, "e2e-writer");
            t.start();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> writer.ledger().acknowledged() > 600 || writer.failure() != null);
            writer.stop();
            t.join();
            assertThat(writer.failure()).isNull();
            assertThat(writer.failedWrites()).as("failed writes, last: %s", writer.lastError()).isZero();
            assertThat(writer.ledger().acknowledged()).isGreaterThan(300);

            pipeline.awaitCaughtUp(Duration.ofMinutes(2));

            assertThat(pipeline.capture().stats().snapshotRows().values().stream().mapToLong(Long::longValue).sum())
                    .as("rows read by the snapshot").isGreaterThanOrEqualTo(size.totalRows());
            assertThat(pipeline.capture().stats().streamedEvents()).as("changes streamed from the binlog").isGreaterThan(300);
            assertThat(pipeline.applier().stats().deadLetters()).isZero();
            for (var e : KEYS.entrySet()) {
                assertThat(f.differences(e.getKey(), e.getValue())).as("differences in %s", e.getKey()).isEmpty();
            }
            try (Connection s = f.source(); Connection t2 = f.target()) {
                for (String table : KEYS.keySet()) {
                    TableComparison cmp = TableChecksummer.compare(s, TableId.of(f.name, table), t2, TableId.of("app", table));
                    assertThat(cmp.equal()).as("checksums of %s: %s", table, cmp).isTrue();
                    assertThat(cmp.source().rows()).isPositive();
                }
            }
        }
    }
}
