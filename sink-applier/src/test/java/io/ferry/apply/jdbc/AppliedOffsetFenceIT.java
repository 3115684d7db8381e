package io.ferry.apply.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.apply.PartitionKey;
import io.ferry.apply.PartitionMovedException;
import io.ferry.apply.Progress;
import io.ferry.sandbox.Sandbox;
import io.ferry.sandbox.SandboxOptions;
import java.sql.Connection;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fence between applier instances of one application in {@code ferry.applied_offsets}: a batch whose offsets the
 * target already has (another instance took the partition over and wrote further) is refused, so a stalled instance
 * cannot put a partition's rows back to older versions after a rebalance.
 */
class AppliedOffsetFenceIT {

    private static final PartitionKey P0 = new PartitionKey("ferry.shop.orders", 0);
    private static final PartitionKey P1 = new PartitionKey("ferry.shop.orders", 1);
    private static Sandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start(SandboxOptions.defaults().withKafka(false).withMariadb(false));
        sandbox.postgres().createDatabase("fence");
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void refusesProgressAtOrBelowWhatTheTargetRecordsAndKeepsTheNewerRecord() throws Exception {
        AppliedOffsetStore store = new AppliedOffsetStore(io.ferry.apply.dialect.PostgresTargetDialect.INSTANCE, "ferry-applier-fence");
        try (Connection c = sandbox.postgres().connect("fence")) {
            store.ensureSchema(c);
            c.setAutoCommit(false);
            store.record(c, Map.of(P0, new Progress(10, null), P1, new Progress(3, null)));
            c.commit();

            // The stalled instance comes back with a batch up to offset 7 of P0 (and new offsets of P1).
            assertThatThrownBy(() -> store.record(c, Map.of(P0, new Progress(7, null), P1, new Progress(5, null))))
                    .isInstanceOf(PartitionMovedException.class)
                    .satisfies(e -> assertThat(((PartitionMovedException) e).partitions()).containsExactly(P0));
            c.rollback();
            assertThatThrownBy(() -> store.record(c, Map.of(P0, new Progress(10, null))))
                    .as("the same offset again is a replay too").isInstanceOf(PartitionMovedException.class);
            c.rollback();
            assertThat(store.load(c)).containsEntry(P0, new Progress(10, null)).containsEntry(P1, new Progress(3, null));

            store.record(c, Map.of(P0, new Progress(11, null)));
            c.commit();
            assertThat(store.load(c)).containsEntry(P0, new Progress(11, null));
        }
    }
}
