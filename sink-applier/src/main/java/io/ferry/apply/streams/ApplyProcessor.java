package io.ferry.apply.streams;

import io.ferry.apply.ChangeApplier;
import io.ferry.apply.PartitionKey;
import java.time.Duration;
import java.util.function.Supplier;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The one processor of the applier topology: hands each change record of its task to a
 * {@link ChangeApplier} and flushes on a wall-clock schedule so a quiet stream still lands.
 */
final class ApplyProcessor implements Processor<byte[], byte[], Void, Void> {

    private final Supplier<ChangeApplier> appliers;
    private final Duration flushInterval;
    private ChangeApplier applier;
    private ProcessorContext<Void, Void> context;

    ApplyProcessor(Supplier<ChangeApplier> appliers, Duration flushInterval) {
        this.appliers = appliers;
        this.flushInterval = flushInterval;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.applier = appliers.get();
        context.schedule(flushInterval, PunctuationType.WALL_CLOCK_TIME, now -> applier.flush());
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordMetadata meta = context.recordMetadata().orElseThrow();
        applier.offer(new PartitionKey(meta.topic(), meta.partition()), meta.offset(), record.key(), record.value());
    }

    @Override
    public void close() {
        if (applier != null) {
            try {
                applier.flush();
            } finally {
                applier.close();
            }
        }
    }
}
