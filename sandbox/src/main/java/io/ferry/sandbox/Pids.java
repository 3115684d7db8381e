package io.ferry.sandbox;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Last-resort handling of server processes we know only by PID. */
final class Pids {

  private Pids() {}

  static boolean isAlive(long pid) {
    return pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  /** SIGKILL to the process and its children, then waits until it is gone. */
  static void killForcibly(long pid, Duration wait) {
    Optional<ProcessHandle> handle = pid > 0 ? ProcessHandle.of(pid) : Optional.empty();
    handle.ifPresent(
        process -> {
          // A postmaster killed alone leaves its backends running and holding the port.
          process.descendants().forEach(ProcessHandle::destroyForcibly);
          process.destroyForcibly();
          awaitExit(process, wait);
        });
  }

  static boolean awaitExit(ProcessHandle process, Duration wait) {
    try {
      process.onExit().get(wait.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException e) {
      return !process.isAlive();
    }
  }
}
