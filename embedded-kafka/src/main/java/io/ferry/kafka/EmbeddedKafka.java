package io.ferry.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
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
 * A single-node Kafka broker inside this JVM, in KRaft combined mode (broker and controller in one
 * server), listening on loopback only.
 *
 * <p>Its data lives in a directory: started again on the same directory, it keeps its cluster id, its
 * topics and their records, and the ports it had (written to {@value #ENDPOINT_FILE}, where other
 * processes of the same pipeline find it), unless another process took them meanwhile. Internal topics
 * are configured for one replica, so consumer groups work on one node. Topics are not created
 * automatically: Ferry creates the topics it uses.
 */
public final class EmbeddedKafka implements AutoCloseable {

    /** Where a running broker writes its address, beside its data. */
    public static final String ENDPOINT_FILE = "endpoint.properties";
    public static final String LOOPBACK = "127.0.0.1";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final int NODE_ID = 1;
    private static final int ATTEMPTS = 3;
    /** The largest record batch the broker takes unless told otherwise: 16 MiB plus batch framing, as Ferry's default. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024 + 64 * 1024;

    private final KafkaRaftServer server;
    private final Path home;
    private final int port;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedKafka(KafkaRaftServer server, Path home, int port) {
        this.server = server;
        this.home = home;
        this.port = port;
    }

    /**
     * Starts the broker on {@code dir}, formatting its storage on first use; returns once an admin client
     * sees it.
     *
     * @throws EmbeddedKafkaException when the broker does not start or does not become ready
     */
    public static EmbeddedKafka start(Path dir) {
        return start(dir, DEFAULT_MAX_MESSAGE_BYTES);
    }

    /**
     * Starts the broker as {@link #start(Path)} does, taking record batches up to {@code maxMessageBytes}
     * ({@code message.max.bytes}, and {@code replica.fetch.max.bytes} so a follower could copy them).
     */
    public static EmbeddedKafka start(Path dir, int maxMessageBytes) {
        long started = System.nanoTime();
        Path home = dir.toAbsolutePath();
        try {
            Files.createDirectories(home);
        } catch (IOException e) {
            throw new EmbeddedKafkaException("cannot create the Kafka data directory " + home + ": " + e.getMessage(), e);
        }
        Properties previous = readEndpoint(home).orElse(new Properties());
        for (int attempt = 1; ; attempt++) {
            int port = reuseOrPick(previous.getProperty("port"), attempt);
            int controllerPort = reuseOrPick(previous.getProperty("controller.port"), attempt);
            Properties props = config(home, port, controllerPort, maxMessageBytes);
            format(home, props);
            KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
            try {
                server.startup();
            } catch (RuntimeException e) {
                shutdownQuietly(server);
                if (isPortClash(e) && attempt < ATTEMPTS) {
                    LOG.debug("port {} or {} was taken before Kafka bound it; retrying", port, controllerPort);
                    continue;
                }
                throw new EmbeddedKafkaException("Kafka broker did not start on " + LOOPBACK + ":" + port + ": " + e, e);
            }
            EmbeddedKafka broker = new EmbeddedKafka(server, home, port);
            broker.awaitReady();
            broker.writeEndpoint(controllerPort);
            LOG.info("Kafka broker started on {} in {} ms (data in {})", broker.bootstrapServers(),
                    (System.nanoTime() - started) / 1_000_000, home);
            return broker;
        }
    }

    /**
     * The address of the broker whose data is in {@code dir}, as it last wrote it, or empty when it never
     * ran there. Whether it runs now is for the caller to find out (a client that cannot connect).
     */
    public static Optional<String> lastAddress(Path dir) {
        return readEndpoint(dir.toAbsolutePath()).map(p -> LOOPBACK + ":" + p.getProperty("port"));
    }

    /** {@code 127.0.0.1:PORT}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return LOOPBACK + ":" + port;
    }

    public Path directory() {
        return home;
    }

    /** Shuts the broker down and waits for it; never throws. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            shutdownQuietly(server);
        }
    }

    private static Properties config(Path home, int port, int controllerPort, int maxMessageBytes) {
        Properties props = new Properties();
        // Kafka's 1 MiB default stops capture at the first row of about 760 kB (binary travels as base64 in JSON).
        props.put("message.max.bytes", String.valueOf(maxMessageBytes));
        props.put("replica.fetch.max.bytes", String.valueOf(maxMessageBytes));
        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@" + LOOPBACK + ":" + controllerPort);
        props.put("listeners", "PLAINTEXT://" + LOOPBACK + ":" + port + ",CONTROLLER://" + LOOPBACK + ":" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://" + LOOPBACK + ":" + port);
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
        // The cleaner allocates this buffer on the heap up front; the default 128 MiB would dominate a small heap.
        props.put("log.cleaner.dedupe.buffer.size", String.valueOf(4 * 1024 * 1024));
        return props;
    }

    /** Writes the storage metadata (cluster id, bootstrap records) a KRaft node needs, once: existing storage is kept. */
    private static void format(Path home, Properties props) {
        Path file = home.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(file)) {
            props.store(out, "Ferry embedded broker");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (Files.exists(home.resolve("logs").resolve("meta.properties"))) {
            return;
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exit;
        try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            exit = StorageTool.execute(
                    new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", file.toString(), "--ignore-formatted"}, print);
        } catch (RuntimeException e) {
            throw new EmbeddedKafkaException("cannot format Kafka storage in " + home + ": " + e, e);
        }
        if (exit != 0) {
            throw new EmbeddedKafkaException("cannot format Kafka storage in " + home + " (exit code " + exit + "): "
                    + output.toString(StandardCharsets.UTF_8), null);
        }
    }

    private void awaitReady() {
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) READY_TIMEOUT.toMillis());
        try (Admin admin = Admin.create(config)) {
            if (admin.describeCluster().nodes().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).isEmpty()) {
                throw new EmbeddedKafkaException("Kafka broker on " + bootstrapServers() + " reports no nodes", null);
            }
        } catch (Exception e) {
            close();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            if (e instanceof EmbeddedKafkaException k) {
                throw k;
            }
            throw new EmbeddedKafkaException("Kafka broker on " + bootstrapServers() + " did not answer within " + READY_TIMEOUT + ": " + e, e);
        }
    }

    private void writeEndpoint(int controllerPort) {
        Properties p = new Properties();
        p.setProperty("port", Integer.toString(port));
        p.setProperty("controller.port", Integer.toString(controllerPort));
        Path tmp = home.resolve(ENDPOINT_FILE + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            p.store(out, "Address of the Ferry embedded broker whose data is in this directory");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Files.move(tmp, home.resolve(ENDPOINT_FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<Properties> readEndpoint(Path home) {
        Path file = home.resolve(ENDPOINT_FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException e) {
            return Optional.empty();
        }
        return p.getProperty("port") == null ? Optional.empty() : Optional.of(p);
    }

    /** The port used last time, while it is free and on the first attempt; otherwise a free one. */
    private static int reuseOrPick(String previous, int attempt) {
        if (previous != null && attempt == 1) {
            int port = Integer.parseInt(previous);
            if (isFree(port)) {
                return port;
            }
            LOG.warn("port {} of the embedded broker is taken by another process; choosing another", port);
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), 0), 1);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + LOOPBACK, e);
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), port), 1);
            return true;
        } catch (IOException e) {
            return false;
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
            if (t instanceof BindException || (t.getMessage() != null && t.getMessage().contains("Address already in use"))) {
                return true;
            }
        }
        return false;
    }
}
