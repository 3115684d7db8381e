package io.ferry.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka broker running inside this JVM in KRaft combined mode (broker and controller
 * in one server), with its log in a directory and both listeners on free loopback ports.
 *
 * <p>Internal topics are configured for one replica, so consumer groups and transactions work on a
 * single node. Topics are not created automatically: Ferry creates the topics it uses.
 */
public final class KafkaBroker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaBroker.class);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  private static final int NODE_ID = 1;

  private final KafkaRaftServer server;
  private final int port;
  private final int controllerPort;
  private final Path home;
  private final AtomicBoolean closed = new AtomicBoolean();

  private KafkaBroker(KafkaRaftServer server, int port, int controllerPort, Path home) {
    this.server = server;
    this.port = port;
    this.controllerPort = controllerPort;
    this.home = home;
  }

  /**
   * Formats storage in {@code dir} and starts the broker; returns once an admin client sees it.
   *
   * @throws SandboxException when the broker does not start or does not become ready
   */
  public static KafkaBroker start(Path dir) {
    long started = System.nanoTime();
    Path home = Directories.create(dir).toAbsolutePath();
    for (int attempt = 1; ; attempt++) {
      int port = FreePorts.next();
      int controllerPort = FreePorts.next();
      Properties props = config(home, port, controllerPort);
      format(home, props);
      KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
      try {
        server.startup();
      } catch (RuntimeException e) {
        shutdownQuietly(server);
        if (isPortClash(e) && attempt < FreePorts.ATTEMPTS) {
          LOG.debug("Port {} or {} was taken before Kafka bound it; retrying", port, controllerPort);
          // The next attempt formats afresh with other ports.
          Directories.deleteQuietly(home.resolve("logs"));
          continue;
        }
        throw new SandboxException("Kafka broker did not start on " + FreePorts.LOOPBACK + ":" + port + ": " + e, e);
      }
      KafkaBroker broker = new KafkaBroker(server, port, controllerPort, home);
      broker.awaitReady();
      LOG.info(
          "Kafka broker started on {} in {} ms (dir {})",
          broker.bootstrapServers(), (System.nanoTime() - started) / 1_000_000, home);
      return broker;
    }
  }

  /**
   * Starts a broker again on this one's ports and data after {@link #close()}: the end of a broker outage, as a
   * test needs one. Topics, records and committed offsets are as the stopped broker left them.
   *
   * @throws IllegalStateException if this broker is still running
   */
  public KafkaBroker startAgain() {
    if (!closed.get()) {
      throw new IllegalStateException("the broker on " + bootstrapServers() + " is still running");
    }
    long started = System.nanoTime();
    KafkaRaftServer again = new KafkaRaftServer(KafkaConfig.fromProps(config(home, port, controllerPort), false), Time.SYSTEM);
    try {
      again.startup();
    } catch (RuntimeException e) {
      shutdownQuietly(again);
      throw new SandboxException("Kafka broker did not start again on " + bootstrapServers() + ": " + e, e);
    }
    KafkaBroker broker = new KafkaBroker(again, port, controllerPort, home);
    broker.awaitReady();
    LOG.info("Kafka broker started again on {} in {} ms", bootstrapServers(), (System.nanoTime() - started) / 1_000_000);
    return broker;
  }

  /** {@code 127.0.0.1:PORT}, for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return FreePorts.LOOPBACK + ":" + port;
  }

  /** Shuts the broker down and waits for it; never throws. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      shutdownQuietly(server);
    }
  }

  private static Properties config(Path home, int port, int controllerPort) {
    Properties props = new Properties();
    props.put("process.roles", "broker,controller");
    props.put("node.id", String.valueOf(NODE_ID));
    props.put("controller.quorum.voters", NODE_ID + "@" + FreePorts.LOOPBACK + ":" + controllerPort);
    props.put("listeners",
        "PLAINTEXT://" + FreePorts.LOOPBACK + ":" + port + ",CONTROLLER://" + FreePorts.LOOPBACK + ":" + controllerPort);
    props.put("advertised.listeners", "PLAINTEXT://" + FreePorts.LOOPBACK + ":" + port);
    props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    props.put("controller.listener.names", "CONTROLLER");
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.put("log.dirs", home.resolve("logs").toString());
    props.put("num.partitions", "1");
    props.put("auto.create.topics.enable", "false");
    // One node: every internal topic must accept a single replica, or groups and transactions stall.
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "1");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("transaction.state.log.num.partitions", "1");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    props.put("group.initial.rebalance.delay.ms", "0");
    // The cleaner allocates this buffer on the heap up front; the default 128 MiB is a test JVM's worth.
    props.put("log.cleaner.dedupe.buffer.size", String.valueOf(4 * 1024 * 1024));
    return props;
  }

  /** Writes the storage metadata (cluster id, bootstrap records) that a KRaft node needs first. */
  private static void format(Path home, Properties props) {
    Path file = home.resolve("server.properties");
    try (OutputStream out = Files.newOutputStream(file)) {
      props.store(out, "Ferry sandbox broker");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    int exit;
    try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
      exit = StorageTool.execute(
          new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", file.toString(), "--ignore-formatted"},
          print);
    } catch (RuntimeException e) {
      throw new SandboxException("Cannot format Kafka storage in " + home + ": " + e, e);
    }
    if (exit != 0) {
      throw new SandboxException(
          "Cannot format Kafka storage in " + home + " (exit code " + exit + "): "
              + output.toString(StandardCharsets.UTF_8));
    }
  }

  private void awaitReady() {
    Map<String, Object> config = Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) READY_TIMEOUT.toMillis());
    try (Admin admin = Admin.create(config)) {
      if (admin.describeCluster().nodes().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).isEmpty()) {
        throw new SandboxException("Kafka broker on " + bootstrapServers() + " reports no nodes");
      }
    } catch (Exception e) {
      close();
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      if (e instanceof SandboxException sandboxException) {
        throw sandboxException;
      }
      throw new SandboxException(
          "Kafka broker on " + bootstrapServers() + " did not answer within " + READY_TIMEOUT + ": " + e, e);
    }
  }

  private static void shutdownQuietly(KafkaRaftServer server) {
    try {
      server.shutdown();
      server.awaitShutdown();
    } catch (RuntimeException e) {
      LOG.warn("Kafka broker shutdown failed: {}", e.toString());
    }
  }

  private static boolean isPortClash(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof BindException || FreePorts.isClash(t.getMessage())) {
        return true;
      }
    }
    return false;
  }
}
