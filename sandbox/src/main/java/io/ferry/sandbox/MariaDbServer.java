package io.ferry.sandbox;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A private MariaDB server: its own data directory, listening on a free loopback port, with a row
 * based binary log (what change data capture reads) and the given zone as its SYSTEM time zone.
 *
 * <p>Runs the locally installed binaries (see {@code FERRY_MARIADB_BIN}) with {@code --no-defaults},
 * so the machine's /etc/mysql configuration cannot leak in.
 */
public final class MariaDbServer implements AutoCloseable {

  /** mariadbd options that turn TLS on and require it; empty unless {@link #requireTls} was called. */
  private volatile List<String> tlsOptions = List.of();

  private static final Logger LOG = LoggerFactory.getLogger(MariaDbServer.class);
  private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(2);
  private static final int INSTALL_ATTEMPTS = 3;
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(50);
  private static final String ROOT = "root";
  private static final int MAX_SOCKET_PATH_LENGTH = 100;

  private final MariaDbBinaries binaries;
  private final Path dir;
  private final Path dataDir;
  private final Path errorLog;
  private final ZoneId timeZone;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile int port;
  private volatile Process process;

  private MariaDbServer(MariaDbBinaries binaries, Path dir, ZoneId timeZone) {
    this.binaries = binaries;
    this.dir = dir;
    this.dataDir = dir.resolve("data");
    this.errorLog = dir.resolve("error.log");
    this.timeZone = timeZone;
  }

  /**
   * Creates a data directory in {@code dir} (mariadb-install-db) and starts mariadbd on it.
   *
   * @throws SandboxException when the binaries are missing or the server does not start; the
   *     message includes the end of the error log
   */
  public static MariaDbServer start(Path dir, ZoneId tz) {
    long started = System.nanoTime();
    MariaDbBinaries binaries = MariaDbBinaries.locate();
    Directories.create(dir);
    MariaDbServer server = new MariaDbServer(binaries, dir.toAbsolutePath(), tz);
    try {
      server.installDb();
      server.startOnFreePort();
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    LOG.info(
        "MariaDB started on {}:{} in {} ms (dir {}, time zone {})",
        server.host(), server.port, (System.nanoTime() - started) / 1_000_000, dir, tz);
    return server;
  }

  public int port() {
    return port;
  }

  public String host() {
    return FreePorts.LOOPBACK;
  }

  /** "root", with an empty password. */
  public String rootUser() {
    return ROOT;
  }

  /** PID of mariadbd, for tests that check it is gone or kill it. */
  public long pid() {
    Process current = process;
    return current == null ? -1 : current.pid();
  }

  /**
   * {@code jdbc:mariadb://127.0.0.1:PORT/database}; {@code database} may be empty. After {@link #requireTls} it asks
   * for TLS without verifying the server (the sandbox's own connections; tests of verification build their own).
   */
  public String jdbcUrl(String database) {
    return "jdbc:mariadb://" + host() + ":" + port + "/" + (database == null ? "" : database)
        + (tlsOptions.isEmpty() ? "" : "?sslMode=trust");
  }

  /**
   * Restarts the server with TLS and refuses every connection without it ({@code require_secure_transport}).
   *
   * @param ca the CA certificate (PEM); {@code cert} and {@code key} the server's certificate and key (PEM)
   */
  public void requireTls(Path ca, Path cert, Path key) {
    tlsOptions = List.of("--ssl-ca=" + ca.toAbsolutePath(), "--ssl-cert=" + cert.toAbsolutePath(),
        "--ssl-key=" + key.toAbsolutePath(), "--require-secure-transport=ON");
    restart();
  }

  /** A new connection to {@code database} (may be empty) as root. */
  public Connection connect(String database) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", ROOT);
    props.setProperty("password", "");
    return DriverManager.getConnection(jdbcUrl(database), props);
  }

  /**
   * Creates (or updates the password of) a user with the privileges change data capture needs:
   * SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT, BINLOG MONITOR and LOCK
   * TABLES on everything, connecting from any host; and READ_ONLY ADMIN, with which the cutover's
   * default freeze sets {@code read_only} as this user (on a server older than 10.11, which has no
   * such privilege, SUPER would be needed instead, and is not granted).
   */
  public void createCaptureUser(String user, String password) {
    try (Connection connection = connect("")) {
      // The driver substitutes parameters on the client, which is what lets them appear in DDL.
      execute(connection, "CREATE USER IF NOT EXISTS ?@'%' IDENTIFIED BY ?", user, password);
      execute(connection, "ALTER USER ?@'%' IDENTIFIED BY ?", user, password);
      execute(
          connection,
          "GRANT SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT,"
              + " BINLOG MONITOR, LOCK TABLES ON *.* TO ?@'%'",
          user);
      try {
        execute(connection, "GRANT READ_ONLY ADMIN ON *.* TO ?@'%'", user);
      } catch (SQLException olderThan1011) {
        // No READ_ONLY ADMIN before MariaDB 10.11: ferry check and the cutover's pre-checks say what is missing.
      }
    } catch (SQLException e) {
      throw new SandboxException("Cannot create capture user " + user + ": " + e.getMessage(), e);
    }
  }

  /** Stops mariadbd (SIGTERM, a clean shutdown) and starts it again on the same port and data. */
  public void restart() {
    checkOpen();
    long started = System.nanoTime();
    stop();
    long logStart = LogTail.position(errorLog);
    if (!launch()) {
      throw new SandboxException(
          "MariaDB did not restart on " + host() + ":" + port + System.lineSeparator()
              + LogTail.since(errorLog, logStart) + consoleOutput());
    }
    LOG.info("MariaDB restarted on {}:{} in {} ms", host(), port, (System.nanoTime() - started) / 1_000_000);
  }

  /** Stops mariadbd (SIGTERM, then SIGKILL after a timeout); never throws. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      stop();
    }
  }

  private void installDb() {
    List<String> command = new ArrayList<>(List.of(
        binaries.installDb().toString(), "--no-defaults", "--basedir=" + binaries.baseDir(),
        "--datadir=" + dataDir, "--auth-root-authentication-method=normal", "--skip-test-db",
        "--skip-name-resolve"));
    if (CurrentUser.isRoot()) {
      command.add("--user=" + ROOT);
    }
    // Seen once in CI on a busy machine: the bootstrap server failed without a lasting cause. A fresh data directory
    // is tried again before the sandbox gives up; the error names every attempt's log.
    Path log = dir.resolve("install-db.log");
    for (int attempt = 1; ; attempt++) {
      try {
        ProcessRunner.run(command, Map.of("TZ", PosixTimeZone.of(timeZone)), log, INSTALL_TIMEOUT);
        return;
      } catch (SandboxException e) {
        if (attempt == INSTALL_ATTEMPTS) {
          throw e;
        }
        LOG.warn("mariadb-install-db failed (attempt {} of {}), trying again in an empty data directory: {}", attempt,
            INSTALL_ATTEMPTS, LogTail.errors(log));
        Directories.deleteQuietly(dataDir);
        Directories.create(dataDir);
      }
    }
  }

  private void startOnFreePort() {
    for (int attempt = 1; ; attempt++) {
      port = FreePorts.next();
      long logStart = LogTail.position(errorLog);
      if (launch()) {
        return;
      }
      if (!FreePorts.isClash(LogTail.since(errorLog, logStart)) || attempt == FreePorts.ATTEMPTS) {
        throw new SandboxException(
            LogTail.explain("MariaDB did not start on " + host() + ":" + port, errorLog)
                + consoleOutput());
      }
      LOG.debug("Port {} was taken before MariaDB bound it; retrying", port);
    }
  }

  /** Starts mariadbd and waits until it accepts connections; false if it died or hung. */
  private boolean launch() {
    List<String> command = new ArrayList<>(List.of(
        // --no-defaults is only honoured as the first argument.
        binaries.server().toString(), "--no-defaults",
        "--datadir=" + dataDir,
        "--port=" + port,
        "--bind-address=" + host(),
        "--socket=" + socketPath(),
        "--pid-file=" + dir.resolve("mysqld.pid"),
        "--log-error=" + errorLog,
        "--log-bin=" + dataDir.resolve("binlog"),
        "--binlog-format=ROW",
        "--binlog-row-image=FULL",
        "--server-id=1",
        "--skip-name-resolve"));
    command.addAll(tlsOptions);
    if (CurrentUser.isRoot()) {
      command.add("--user=" + ROOT);
    }
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(consoleLog().toFile()));
    // mariadbd takes its SYSTEM time zone from TZ, nothing else.
    builder.environment().put("TZ", PosixTimeZone.of(timeZone));
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new SandboxException("Cannot run " + binaries.server() + ": " + e.getMessage(), e);
    }
    if (awaitReady()) {
      return true;
    }
    stop();
    return false;
  }

  private boolean awaitReady() {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        return false;
      }
      try (Connection ignored = connect("")) {
        return true;
      } catch (SQLException notYet) {
        sleep(POLL_INTERVAL);
      }
    }
    LOG.warn("MariaDB did not accept connections within {}", START_TIMEOUT);
    return false;
  }

  private void stop() {
    Process current = process;
    if (current == null || !current.isAlive()) {
      return;
    }
    current.destroy();
    try {
      if (!current.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("MariaDB (PID {}) ignored SIGTERM for {}; killing it", current.pid(), STOP_TIMEOUT);
        current.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      current.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** Where mariadbd writes what it says before it opens its error log, such as a bad option. */
  private Path consoleLog() {
    return dir.resolve("mariadbd.out");
  }

  private String consoleOutput() {
    return LogTail.position(consoleLog()) == 0
        ? ""
        : System.lineSeparator() + LogTail.explain("Console output:", consoleLog());
  }

  private Path socketPath() {
    Path preferred = dir.resolve("mysqld.sock");
    // Unix socket paths are limited to 107 bytes; a deep base directory would exceed that.
    return preferred.toString().length() <= MAX_SOCKET_PATH_LENGTH
        ? preferred
        : Path.of(System.getProperty("java.io.tmpdir"), "ferry-mariadb-" + port + ".sock");
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("MariaDB sandbox server in " + dir + " is closed");
    }
  }

  private static void execute(Connection connection, String sql, String... params) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        statement.setString(i + 1, params[i]);
      }
      statement.execute();
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SandboxException("Interrupted while waiting for MariaDB", e);
    }
  }
}
