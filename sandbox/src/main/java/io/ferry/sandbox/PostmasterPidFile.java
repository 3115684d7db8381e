package io.ferry.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * Reads the postmaster.pid file, where PostgreSQL (10 and later) announces its PID on the first
 * line and its state ("starting", "ready", "stopping") on the eighth: the signal pg_ctl -w waits for.
 */
final class PostmasterPidFile {

  private static final int STATUS_LINE = 7;
  private static final String READY = "ready";

  private PostmasterPidFile() {}

  /** The postmaster's PID once it accepts connections, else empty. */
  static OptionalLong readyPid(Path dataDir) {
    try {
      List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"));
      if (lines.size() > STATUS_LINE && READY.equals(lines.get(STATUS_LINE).trim())) {
        return OptionalLong.of(Long.parseLong(lines.get(0).trim()));
      }
    } catch (IOException | NumberFormatException notYet) {
      // Absent or half written while the postmaster starts.
    }
    return OptionalLong.empty();
  }
}
