package io.ferry.apply.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.apply.ApplyBatch;
import io.ferry.apply.BatchSink;
import io.ferry.apply.PartitionKey;
import io.ferry.apply.Progress;
import io.ferry.core.event.BinlogPosition;
import io.ferry.core.event.ChangeEvent;
import io.ferry.core.event.Op;
import io.ferry.core.retry.RetryPolicy;
import io.ferry.core.schema.TableId;
import io.ferry.sandbox.Sandbox;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The applier's gate for a running bulk load, against a real PostgreSQL: a batch touching a table whose copy is not
 * committed waits, whole, and is written once the table is marked copied; other pipelines and pipelines that never
 * bulk-loaded pass at once.
 */
class BulkCopyGateIT {

    private final Sandbox sandbox = Sandbox.shared();
    private final List<ApplyBatch> written = new CopyOnWriteArrayList<>();
    private final BatchSink recording = new BatchSink() {
        @Override
        public void write(ApplyBatch batch) {
            written.add(batch);
        }

        @Override
        public void applySchema(ApplyBatch.Entry change) {
        }

        @Override
        public Map<PartitionKey, Progress> recordedProgress() {
            return Map.of();
        }

        @Override
        public void close() {
        }
    };

    @Test
    void holdsABatchOfATableWhoseCopyIsNotCommittedAndWritesItWholeOnceItIs() throws Exception {
        String db = "bulk_gate";
        sandbox.postgres().createDatabase(db);
        sql(db, "CREATE SCHEMA ferry",
                "CREATE TABLE ferry.bulk_loads (pipeline text PRIMARY KEY, finished_at timestamptz)",
                "CREATE TABLE ferry.bulk_tables (pipeline text, source_table text, copied_at timestamptz)",
                "INSERT INTO ferry.bulk_loads VALUES ('p', NULL), ('done', now())",
                "INSERT INTO ferry.bulk_tables VALUES ('p', 'shop.orders', NULL), ('p', 'shop.items', now()), ('done', 'shop.orders', now())");
        CountDownLatch stop = new CountDownLatch(1);

        BulkCopyGate other = gate(db, "done", stop);
        other.write(batch("shop.orders"));
        assertThat(written).as("a finished load's pipeline passes at once").hasSize(1);

        BulkCopyGate gate = gate(db, "p", stop);
        gate.write(batch("shop.items"));
        assertThat(written).as("a copied table passes at once").hasSize(2);

        ApplyBatch held = batch("shop.items", "shop.orders");
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                gate.write(held);
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.start();
        Awaitility.await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(5)).until(() -> written.size() == 2);
        assertThat(t.isAlive()).as("the batch is held").isTrue();

        try (Connection c = sandbox.postgres().connect(db)) {
            assertThat(BulkCopyGate.loadUnfinished(c, "p")).as("p's load, which the coordinator's live validation waits out").isTrue();
            assertThat(BulkCopyGate.loadUnfinished(c, "done")).isFalse();
            assertThat(BulkCopyGate.loadUnfinished(c, "never")).isFalse();
        }
        sql(db, "UPDATE ferry.bulk_tables SET copied_at = now() WHERE source_table = 'shop.orders'");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> written.size() == 3);
        t.join(5000);
        assertThat(failure.get()).isNull();
        assertThat(written.get(2)).as("the held batch, whole").isSameAs(held);
        assertThat(written.get(2).received()).isEqualTo(2);
    }

    @Test
    void aPipelineThatNeverBulkLoadedPassesEvenWithoutTheFerrySchema() throws Exception {
        String db = "bulk_gate_none";
        sandbox.postgres().createDatabase(db);
        gate(db, "p", new CountDownLatch(1)).write(batch("shop.orders"));
        assertThat(written).hasSize(1);
        try (Connection c = sandbox.postgres().connect(db)) {
            assertThat(BulkCopyGate.loadUnfinished(c, "p")).as("no ferry schema at all").isFalse();
        }
    }

    private BulkCopyGate gate(String db, String pipeline, CountDownLatch stop) {
        return new BulkCopyGate(recording, () -> sandbox.postgres().connect(db), pipeline, RetryPolicy.Sleeper.until(stop), Duration.ofMillis(50));
    }

    private static ApplyBatch batch(String... tables) {
        ApplyBatch b = new ApplyBatch();
        long offset = 0;
        for (String t : tables) {
            TableId id = TableId.of(t.substring(0, t.indexOf('.')), t.substring(t.indexOf('.') + 1));
            ChangeEvent e = ChangeEvent.of(Op.CREATE, "test", id, Map.of("id", "1"), Map.of("id", "1"), null,
                    new BinlogPosition("binlog.000001", 100 + offset, 0, null), 0L, null, 0);
            b.add(new ApplyBatch.Entry(new PartitionKey("topic." + t, 0), offset++, new byte[0], new byte[0], e));
        }
        return b;
    }

    private void sql(String db, String... statements) throws Exception {
        try (Connection c = sandbox.postgres().connect(db); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }
}
