package io.ferry.sandbox;

import io.ferry.kafka.EmbeddedKafka;
import io.ferry.kafka.EmbeddedKafkaException;
import java.nio.file.Path;

/**
 * The sandbox's Kafka broker: Ferry's embedded single-node broker ({@link EmbeddedKafka}) on a
 * throwaway directory, so every sandbox starts with an empty cluster on free loopback ports.
 */
public final class KafkaBroker implements AutoCloseable {

  private final EmbeddedKafka broker;

  private KafkaBroker(EmbeddedKafka broker) {
    this.broker = broker;
  }

  /**
   * Starts a broker whose data is in {@code dir}; returns once an admin client sees it.
   *
   * @throws SandboxException when the broker does not start or does not become ready
   */
  public static KafkaBroker start(Path dir) {
    try {
      return new KafkaBroker(EmbeddedKafka.start(Directories.create(dir)));
    } catch (EmbeddedKafkaException e) {
      throw new SandboxException(e.getMessage(), e);
    }
  }

  /** {@code 127.0.0.1:PORT}, for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return broker.bootstrapServers();
  }

  /** Shuts the broker down and waits for it; never throws. */
  @Override
  public void close() {
    broker.close();
  }
}
