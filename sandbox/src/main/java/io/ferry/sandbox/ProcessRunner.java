package io.ferry.sandbox;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a short-lived tool (initdb, pg_ctl, mariadb-install-db) to completion. Output goes to a
 * file, never a pipe: pg_ctl leaves a daemon behind that would hold a pipe open forever.
 */
final class ProcessRunner {

  private ProcessRunner() {}

  /** Runs the command and throws, with the tail of {@code log}, unless it exits with 0. */
  static void run(List<String> command, Map<String, String> env, Path log, Duration timeout) {
    int exitCode = exitCode(command, env, log, timeout);
    if (exitCode != 0) {
      throw new SandboxException(
          LogTail.explain(describe(command) + " failed with exit code " + exitCode, log));
    }
  }

  /** Runs the command and returns its exit code; throws only when it cannot run or hangs. */
  static int exitCode(List<String> command, Map<String, String> env, Path log, Duration timeout) {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(env);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new SandboxException("Cannot run " + command.get(0) + ": " + e.getMessage(), e);
    }
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new SandboxException(
            LogTail.explain(describe(command) + " did not finish within " + timeout, log));
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new SandboxException("Interrupted while running " + describe(command), e);
    }
  }

  static String describe(List<String> command) {
    return String.join(" ", command);
  }
}
