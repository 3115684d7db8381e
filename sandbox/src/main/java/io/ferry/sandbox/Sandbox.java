package io.ferry.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kafka broker, a PostgreSQL server and a MariaDB server for one test run or one {@code ferry
 * demo}, all private to this process: loopback ports, one throwaway directory, removed on
 * {@link #close()} or, failing that, when the JVM exits.
 *
 * <pre>{@code
 * try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults())) {
 *   sandbox.postgres().createDatabase("target");
 *   String bootstrap = sandbox.kafka().bootstrapServers();
 * }
 * }</pre>
 *
 * Integration tests share one instance per JVM through {@link #shared()}.
 */
public final class Sandbox implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Sandbox.class);
  private static Sandbox shared;

  private final Path directory;
  private final KafkaBroker kafka;
  private final PostgresServer postgres;
  private final MariaDbServer mariadb;
  private final Thread shutdownHook;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Sandbox(Path directory, KafkaBroker kafka, PostgresServer postgres, MariaDbServer mariadb) {
    this.directory = directory;
    this.kafka = kafka;
    this.postgres = postgres;
    this.mariadb = mariadb;
    this.shutdownHook = new Thread(this::close, "ferry-sandbox-shutdown");
  }

  /**
   * Starts the servers the options ask for, concurrently, in a fresh directory (inside
   * {@code options.baseDir()} when given). If any fails, the others are stopped again.
   *
   * @throws SandboxException when a server cannot start; its message says why
   */
  public static Sandbox start(SandboxOptions options) {
    long started = System.nanoTime();
    Path directory = createDirectory(options.baseDir());
    ExecutorService starter = Executors.newFixedThreadPool(3, daemonThreads());
    try {
      CompletableFuture<KafkaBroker> kafka =
          startIf(options.kafka(), () -> KafkaBroker.start(directory.resolve("kafka")), starter);
      CompletableFuture<PostgresServer> postgres =
          startIf(options.postgres(), () -> PostgresServer.start(directory.resolve("postgres"), options.timeZone()), starter);
      CompletableFuture<MariaDbServer> mariadb =
          startIf(options.mariadb(), () -> MariaDbServer.start(directory.resolve("mariadb"), options.timeZone()), starter);
      List<Throwable> failures = new ArrayList<>();
      Sandbox sandbox = new Sandbox(directory, join(kafka, failures), join(postgres, failures), join(mariadb, failures));
      Runtime.getRuntime().addShutdownHook(sandbox.shutdownHook);
      if (!failures.isEmpty()) {
        sandbox.close();
        throw asSandboxException(failures);
      }
      LOG.info("Sandbox ready in {} ms (dir {}, time zone {})",
          (System.nanoTime() - started) / 1_000_000, directory, options.timeZone());
      return sandbox;
    } finally {
      starter.shutdown();
    }
  }

  /**
   * The sandbox shared by all integration tests of this JVM, started with
   * {@link SandboxOptions#defaults()} on first use and closed when the JVM exits.
   */
  public static synchronized Sandbox shared() {
    if (shared == null || shared.closed.get()) {
      shared = start(SandboxOptions.defaults());
    }
    return shared;
  }

  /** @throws IllegalStateException if the options left Kafka out */
  public KafkaBroker kafka() {
    return require(kafka, "Kafka");
  }

  /** @throws IllegalStateException if the options left PostgreSQL out */
  public PostgresServer postgres() {
    return require(postgres, "PostgreSQL");
  }

  /** @throws IllegalStateException if the options left MariaDB out */
  public MariaDbServer mariadb() {
    return require(mariadb, "MariaDB");
  }

  /** The directory holding every server's data and logs; gone after {@link #close()}. */
  public Path directory() {
    return directory;
  }

  /** Stops all servers and deletes the directory. Idempotent, never throws. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    long started = System.nanoTime();
    // Stopping in parallel: each server may take a second or two to shut down cleanly.
    List<Thread> stoppers = new ArrayList<>();
    for (AutoCloseable server : new AutoCloseable[] {kafka, postgres, mariadb}) {
      if (server != null) {
        Thread stopper = new Thread(() -> closeQuietly(server), "ferry-sandbox-stop");
        stopper.start();
        stoppers.add(stopper);
      }
    }
    for (Thread stopper : stoppers) {
      joinUninterruptibly(stopper);
    }
    Directories.deleteQuietly(directory);
    removeShutdownHook();
    LOG.info("Sandbox stopped in {} ms; removed {}", (System.nanoTime() - started) / 1_000_000, directory);
  }

  private static Path createDirectory(Path baseDir) {
    try {
      return baseDir == null
          ? Files.createTempDirectory("ferry-sandbox-")
          : Files.createTempDirectory(Files.createDirectories(baseDir), "ferry-sandbox-");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a sandbox directory", e);
    }
  }

  private static <T> CompletableFuture<T> startIf(
      boolean enabled, Supplier<T> starter, ExecutorService executor) {
    return enabled ? CompletableFuture.supplyAsync(starter, executor) : CompletableFuture.completedFuture(null);
  }

  private static <T> T join(CompletableFuture<T> future, List<Throwable> failures) {
    try {
      return future.join();
    } catch (CompletionException e) {
      failures.add(e.getCause() != null ? e.getCause() : e);
      return null;
    }
  }

  private static SandboxException asSandboxException(List<Throwable> failures) {
    Throwable first = failures.get(0);
    SandboxException exception =
        first instanceof SandboxException sandboxException
            ? sandboxException
            : new SandboxException("Sandbox did not start: " + first, first);
    failures.subList(1, failures.size()).forEach(exception::addSuppressed);
    return exception;
  }

  private static java.util.concurrent.ThreadFactory daemonThreads() {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "ferry-sandbox-start-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  private void removeShutdownHook() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // Called from the hook itself: nothing to remove.
    }
  }

  private static void closeQuietly(AutoCloseable server) {
    try {
      server.close();
    } catch (Exception e) {
      LOG.warn("Could not stop {}: {}", server.getClass().getSimpleName(), e.toString());
    }
  }

  private static void joinUninterruptibly(Thread thread) {
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private <T> T require(T server, String name) {
    if (server == null) {
      throw new IllegalStateException(name + " is not part of this sandbox (see SandboxOptions)");
    }
    return server;
  }
}
