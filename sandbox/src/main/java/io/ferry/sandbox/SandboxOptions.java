package io.ferry.sandbox;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Objects;

/**
 * What a {@link Sandbox} starts and where.
 *
 * @param baseDir directory in which a fresh sandbox directory is created; {@code null} for the
 *     system temporary directory
 * @param timeZone zone the database servers run in (their "system" time zone)
 * @param kafka whether to start the Kafka broker
 * @param postgres whether to start PostgreSQL
 * @param mariadb whether to start MariaDB
 */
public record SandboxOptions(
    Path baseDir, ZoneId timeZone, boolean kafka, boolean postgres, boolean mariadb) {

  /** System property that overrides the servers' time zone in {@link #defaults()}. */
  public static final String TIMEZONE_PROPERTY = "ferry.sandbox.timezone";

  public SandboxOptions {
    Objects.requireNonNull(timeZone, "timeZone");
  }

  /**
   * All three servers in a fresh temporary directory, in the zone named by the system property
   * {@value #TIMEZONE_PROPERTY}, else the JVM's default zone.
   */
  public static SandboxOptions defaults() {
    String zone = System.getProperty(TIMEZONE_PROPERTY);
    ZoneId timeZone = zone == null || zone.isBlank() ? ZoneId.systemDefault() : ZoneId.of(zone.trim());
    return new SandboxOptions(null, timeZone, true, true, true);
  }

  public SandboxOptions withBaseDir(Path dir) {
    return new SandboxOptions(dir, timeZone, kafka, postgres, mariadb);
  }

  public SandboxOptions withTimeZone(ZoneId zone) {
    return new SandboxOptions(baseDir, zone, kafka, postgres, mariadb);
  }

  public SandboxOptions withKafka(boolean enabled) {
    return new SandboxOptions(baseDir, timeZone, enabled, postgres, mariadb);
  }

  public SandboxOptions withPostgres(boolean enabled) {
    return new SandboxOptions(baseDir, timeZone, kafka, enabled, mariadb);
  }

  public SandboxOptions withMariadb(boolean enabled) {
    return new SandboxOptions(baseDir, timeZone, kafka, postgres, enabled);
  }
}
