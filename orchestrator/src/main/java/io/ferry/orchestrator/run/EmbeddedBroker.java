package io.ferry.orchestrator.run;

import io.ferry.core.config.PipelineConfig;
import io.ferry.kafka.EmbeddedKafka;
import java.nio.file.Path;

/**
 * A pipeline's embedded Kafka broker: where its data lives, starting it for {@code ferry run}, and
 * finding it for the other commands ({@code status}, {@code drain}, {@code validate}) while it runs.
 */
public final class EmbeddedBroker {

    private EmbeddedBroker() {
    }

    /** {@code kafka.dataDir}, or {@code ferry-data/<name>/kafka} below the working directory. */
    public static Path dataDir(PipelineConfig config) {
        String dir = config.kafka().dataDir();
        return (dir != null ? Path.of(dir) : Path.of("ferry-data", config.name(), "kafka")).toAbsolutePath();
    }

    /** A started broker and the pipeline's settings pointing at it. */
    public record Started(EmbeddedKafka broker, PipelineConfig config) implements AutoCloseable {
        @Override
        public void close() {
            broker.close();
        }
    }

    /** Starts the pipeline's broker on its data directory (or resumes the data it left there). */
    public static Started start(PipelineConfig config) {
        // The dead-letter topic takes twice the change topics' limit; the broker's default must allow both.
        EmbeddedKafka broker = EmbeddedKafka.start(dataDir(config), config.kafka().deadLetterLimitBytes());
        return new Started(broker, config.withKafka(config.kafka().withBootstrapServers(broker.bootstrapServers())));
    }

    /**
     * The pipeline as-is when it names a Kafka cluster; with the embedded broker, pointed at the address the
     * broker last wrote beside its data (a client that cannot connect then says the broker is not running).
     */
    public static PipelineConfig resolve(PipelineConfig config) {
        if (!config.kafka().isEmbedded()) {
            return config;
        }
        Path dir = dataDir(config);
        String address = EmbeddedKafka.lastAddress(dir).orElseThrow(() -> new IllegalStateException(
                "pipeline " + config.name() + " names no kafka.bootstrapServers, so it uses the broker that `ferry run` embeds, "
                        + "which has never run with its data in " + dir + ": start `ferry run` first (or set kafka.dataDir, or "
                        + "name an existing cluster with kafka.bootstrapServers)"));
        return config.withKafka(config.kafka().withBootstrapServers(address));
    }
}
