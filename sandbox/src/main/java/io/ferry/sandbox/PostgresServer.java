package io.ferry.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A private PostgreSQL server: its own cluster in a directory, listening on a free loopback port,
 * with logical decoding enabled, trust authentication, and the given zone as its time zone.
 *
 * <p>Runs the locally installed binaries (see {@code FERRY_PG_BIN}); when the JVM runs as root,
 * they run in a user namespace because PostgreSQL refuses root.
 */
public final class PostgresServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PostgresServer.class);
  private static final Duration INITDB_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(20);
  private static final Duration KILL_WAIT = Duration.ofSeconds(10);
  private static final String SUPERUSER = "postgres";
  private static final String SETTINGS_FILE = "ferry-sandbox.conf";
  // Unix socket paths are limited to 107 bytes; ".s.PGSQL.65535.lock" needs room.
  private static final int MAX_SOCKET_DIR_LENGTH = 80;

  private final PostgresBinaries binaries;
  private final PostgresRunAs runAs;
  private final Path dir;
  private final Path dataDir;
  private final Path serverLog;
  private final Path toolLog;
  private final ZoneId timeZone;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile int port;
  private volatile long pid;
  private volatile Process process;

  private PostgresServer(PostgresBinaries binaries, PostgresRunAs runAs, Path dir, ZoneId timeZone) {
    this.binaries = binaries;
    this.runAs = runAs;
    this.dir = dir;
    this.dataDir = dir.resolve("data");
    this.serverLog = dir.resolve("postgres.log");
    this.toolLog = dir.resolve("tools.log");
    this.timeZone = timeZone;
  }

  /**
   * Creates a cluster in {@code dir} (initdb) and starts it.
   *
   * @throws SandboxException when the binaries are missing or the server does not start; the
   *     message includes the end of the server log
   */
  public static PostgresServer start(Path dir, ZoneId tz) {
    long started = System.nanoTime();
    PostgresBinaries binaries = PostgresBinaries.locate();
    PostgresRunAs runAs = PostgresRunAs.detect();
    Directories.create(dir);
    runAs.prepare(dir);
    PostgresServer server = new PostgresServer(binaries, runAs, dir.toAbsolutePath(), tz);
    try {
      server.initdb();
      server.startOnFreePort();
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    LOG.info(
        "PostgreSQL {} started on {}:{} in {} ms (dir {}, time zone {}, run as {})",
        server.version(), server.host(), server.port, (System.nanoTime() - started) / 1_000_000,
        dir, tz, runAs);
    return server;
  }

  public int port() {
    return port;
  }

  public String host() {
    return FreePorts.LOOPBACK;
  }

  /** The superuser, "postgres"; authentication is trust, so any password or none works. */
  public String superuser() {
    return SUPERUSER;
  }

  /** PID of the postmaster, for tests that check it is gone or kill it. */
  public long pid() {
    return pid;
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://" + host() + ":" + port + "/" + database;
  }

  /** A new connection to {@code database} as the superuser. */
  public Connection connect(String database) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", SUPERUSER);
    return DriverManager.getConnection(jdbcUrl(database), props);
  }

  /**
   * Turns TLS on with the given server certificate and key (PEM; the key is made readable by its owner only, as
   * PostgreSQL demands) and refuses every connection over TCP without it ({@code hostnossl ... reject} first in
   * pg_hba.conf); then restarts. The sandbox's own connections keep working: the driver's default prefers TLS.
   */
  public void requireTls(Path cert, Path key) {
    try {
      java.nio.file.Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
      java.nio.file.Files.writeString(dataDir.resolve("postgresql.conf"), "\nssl = on\nssl_cert_file = '"
          + cert.toAbsolutePath() + "'\nssl_key_file = '" + key.toAbsolutePath() + "'\n", java.nio.file.StandardOpenOption.APPEND);
      Path hba = dataDir.resolve("pg_hba.conf");
      java.nio.file.Files.writeString(hba, "hostnossl all all all reject\n" + java.nio.file.Files.readString(hba));
    } catch (java.io.IOException e) {
      throw new SandboxException("Cannot configure TLS for PostgreSQL: " + e.getMessage(), e);
    }
    restart();
  }

  /** Creates the database unless it exists. */
  public void createDatabase(String name) {
    try (Connection connection = connect("postgres")) {
      try (PreparedStatement exists =
          connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
        exists.setString(1, name);
        try (ResultSet rs = exists.executeQuery()) {
          if (rs.next()) {
            return;
          }
        }
      }
      try (Statement create = connection.createStatement()) {
        create.execute("CREATE DATABASE " + quoteIdentifier(name));
      }
    } catch (SQLException e) {
      // duplicate_database: another caller created it between the check and the create.
      if (!"42P04".equals(e.getSQLState())) {
        throw new SandboxException("Cannot create database " + name + ": " + e.getMessage(), e);
      }
    }
  }

  /** Stops the server (fast mode: sessions are cut) and starts it again on the same port and data. */
  public void restart() {
    checkOpen();
    long started = System.nanoTime();
    stop();
    long logStart = LogTail.position(serverLog);
    if (!launch()) {
      throw new SandboxException(
          "PostgreSQL did not restart on " + host() + ":" + port + System.lineSeparator()
              + LogTail.since(serverLog, logStart));
    }
    LOG.info("PostgreSQL restarted on {}:{} in {} ms", host(), port, (System.nanoTime() - started) / 1_000_000);
  }

  /**
   * Stops the server (fast mode: sessions are cut) and leaves it down, keeping its port and data, until
   * {@link #startAgain()}: an outage of the target, as a test needs one.
   */
  public void stopForOutage() {
    checkOpen();
    stop();
    LOG.info("PostgreSQL on {}:{} stopped for an outage", host(), port);
  }

  /** Starts the server again after {@link #stopForOutage()}, on the same port and data. */
  public void startAgain() {
    checkOpen();
    long started = System.nanoTime();
    long logStart = LogTail.position(serverLog);
    if (!launch()) {
      throw new SandboxException(
          "PostgreSQL did not start again on " + host() + ":" + port + System.lineSeparator()
              + LogTail.since(serverLog, logStart));
    }
    LOG.info("PostgreSQL started again on {}:{} in {} ms", host(), port, (System.nanoTime() - started) / 1_000_000);
  }

  /** Stops the server (pg_ctl stop -m fast, SIGKILL if that fails); never throws. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      stop();
    }
  }

  private void initdb() {
    ProcessRunner.run(
        runAs.wrap(
            List.of(
                binaries.initdb().toString(), "-D", dataDir.toString(), "-U", SUPERUSER,
                "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync")),
        Map.of(),
        toolLog,
        INITDB_TIMEOUT);
    append(dataDir.resolve("postgresql.conf"), "\ninclude '" + SETTINGS_FILE + "'\n");
  }

  private void startOnFreePort() {
    for (int attempt = 1; ; attempt++) {
      port = FreePorts.next();
      writeSettings();
      long logStart = LogTail.position(serverLog);
      if (launch()) {
        return;
      }
      if (!FreePorts.isClash(LogTail.since(serverLog, logStart)) || attempt == FreePorts.ATTEMPTS) {
        throw new SandboxException(
            LogTail.explain("PostgreSQL did not start on " + host() + ":" + port, serverLog));
      }
      LOG.debug("Port {} was taken before PostgreSQL bound it; retrying", port);
    }
  }

  /**
   * Starts the postmaster as a child of this JVM and waits until it reports ready; false if it
   * died or hung. Not pg_ctl start: that orphans the postmaster, and an orphan lingers as a
   * zombie until PID 1 reaps it, so "the old server is gone" would be unobservable for seconds.
   */
  private boolean launch() {
    ProcessBuilder builder =
        new ProcessBuilder(runAs.wrap(List.of(binaries.postgres().toString(), "-D", dataDir.toString())))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(serverLog.toFile()));
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new SandboxException("Cannot run " + binaries.postgres() + ": " + e.getMessage(), e);
    }
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (process.isAlive() && System.nanoTime() < deadline) {
      OptionalLong readyPid = PostmasterPidFile.readyPid(dataDir);
      // A file left by a killed postmaster says "ready" too, until the new one replaces it.
      if (readyPid.isPresent() && isOurs(readyPid.getAsLong())) {
        pid = readyPid.getAsLong();
        return true;
      }
      sleep(POLL_INTERVAL);
    }
    if (process.isAlive()) {
      LOG.warn("PostgreSQL did not report ready within {}", START_TIMEOUT);
    }
    stop();
    return false;
  }

  /** The process itself (unshare execs) or its child (runuser forks). */
  private boolean isOurs(long postmasterPid) {
    return process.pid() == postmasterPid
        || process.children().anyMatch(child -> child.pid() == postmasterPid);
  }

  private void stop() {
    Process current = process;
    if (current == null || !current.isAlive()) {
      return;
    }
    try {
      int exit = ProcessRunner.exitCode(
          runAs.wrap(List.of(
              binaries.pgCtl().toString(), "-D", dataDir.toString(), "-m", "fast", "-w",
              "-t", String.valueOf(STOP_TIMEOUT.toSeconds()), "stop")),
          Map.of(), toolLog, STOP_TIMEOUT.plusSeconds(10));
      if (exit != 0 && current.isAlive()) {
        LOG.warn("pg_ctl stop exited with {}; killing PostgreSQL (PID {})", exit, pid);
      }
    } catch (RuntimeException e) {
      LOG.warn("pg_ctl stop failed; killing PostgreSQL (PID {}): {}", pid, e.toString());
    }
    if (!Pids.awaitExit(current.toHandle(), KILL_WAIT)) {
      Pids.killForcibly(pid, KILL_WAIT);
      current.destroyForcibly();
      Pids.awaitExit(current.toHandle(), KILL_WAIT);
    }
  }

  private void writeSettings() {
    String settings =
        String.join(
            "\n",
            "# Written by the Ferry sandbox on every start.",
            "listen_addresses = '" + FreePorts.LOOPBACK + "'",
            "port = " + port,
            "unix_socket_directories = " + quoteSetting(socketDir().toString()),
            "wal_level = logical",
            "max_replication_slots = 10",
            "max_wal_senders = 10",
            // Crash tests rely on durable commits.
            "fsync = on",
            "timezone = " + quoteSetting(PosixTimeZone.of(timeZone)),
            "log_timezone = " + quoteSetting(PosixTimeZone.of(timeZone)),
            "");
    try {
      Files.writeString(dataDir.resolve(SETTINGS_FILE), settings, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path socketDir() {
    return dir.toString().length() <= MAX_SOCKET_DIR_LENGTH ? dir : Path.of(System.getProperty("java.io.tmpdir"));
  }

  private String version() {
    try {
      return Files.readString(dataDir.resolve("PG_VERSION")).trim();
    } catch (IOException e) {
      return "?";
    }
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("PostgreSQL sandbox server in " + dir + " is closed");
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SandboxException("Interrupted while waiting for PostgreSQL", e);
    }
  }

  private static void append(Path file, String text) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String quoteSetting(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  private static String quoteIdentifier(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }
}
