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
  private volatile boolean closed;

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

  /**
   * Starts a broker again on this one's ports and data after {@link #close()}: the end of a broker outage, as a
   * test needs one. Topics, records and committed offsets are as the stopped broker left them.
   *
   * @throws IllegalStateException if this broker is still running, or came back on another port (taken meanwhile)
   */
  public KafkaBroker startAgain() {
    if (!closed) {
      throw new IllegalStateException("the broker on " + bootstrapServers() + " is still running");
    }
    KafkaBroker again = start(broker.directory());
    if (!again.bootstrapServers().equals(bootstrapServers())) {
      again.close();
      throw new IllegalStateException("the broker's port " + bootstrapServers() + " was taken while it was down");
    }
    return again;
  }

  /** {@code 127.0.0.1:PORT}, for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return broker.bootstrapServers();
  }

  /** Shuts the broker down and waits for it; never throws. */
  @Override
  public void close() {
    closed = true;
    broker.close();
  }
}
