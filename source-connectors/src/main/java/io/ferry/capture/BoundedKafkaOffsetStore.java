package io.ferry.capture;

import io.debezium.embedded.KafkaConnectUtil;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.storage.KafkaOffsetBackingStore;
import org.apache.kafka.connect.storage.OffsetBackingStore;
import org.apache.kafka.connect.util.Callback;

/**
 * Debezium's offsets in a Kafka topic, exactly as {@link KafkaOffsetBackingStore} keeps them, but with a commit whose
 * wait ends when the engine's {@code offset.flush.timeout.ms} says so.
 *
 * <p>The Kafka store's producer never gives up on a send (its delivery timeout is forced to forever), and the future
 * its {@code set} returns turns a remaining wait of exactly 0 ms into {@code Object.wait(0)}, which waits for ever too.
 * With the broker gone the engine's commit after a batch then hangs until the broker is back: the next batch, and
 * with it capture's outage WARN, wait for as long (CI caught it, thread dump in hand). Here {@code set} hands the
 * engine a {@link CompletableFuture}, whose timed wait is exact: the commit times out, the engine cancels that flush
 * and goes on, and a later commit carries the offsets. What the Kafka store's send eventually does is unchanged.
 */
public final class BoundedKafkaOffsetStore implements OffsetBackingStore {

    private KafkaOffsetBackingStore store;

    /** Debezium creates a custom offset store by its no-argument constructor, then configures and starts it. */
    public BoundedKafkaOffsetStore() {
    }

    @Override
    public void configure(WorkerConfig config) {
        store = KafkaConnectUtil.kafkaOffsetBackingStore(config.originalsStrings());
        store.configure(config);
    }

    @Override
    public void start() {
        store.start();
    }

    @Override
    public void stop() {
        store.stop();
    }

    @Override
    public Future<Map<ByteBuffer, ByteBuffer>> get(Collection<ByteBuffer> keys) {
        return store.get(keys);
    }

    @Override
    public Future<Void> set(Map<ByteBuffer, ByteBuffer> values, Callback<Void> callback) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        store.set(values, (error, result) -> {
            try {
                if (callback != null) {
                    callback.onCompletion(error, result);
                }
            } finally {
                if (error != null) {
                    done.completeExceptionally(error);
                } else {
                    done.complete(result);
                }
            }
        });
        return done;
    }

    @Override
    public Set<Map<String, Object>> connectorPartitions(String connectorName) {
        return store.connectorPartitions(connectorName);
    }
}
