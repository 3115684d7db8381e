package io.ferry.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * How PostgreSQL's programs are launched. initdb, pg_ctl and postgres refuse to run as root, and
 * tests and CI containers often are root. A fresh user namespace ({@code unshare -U}) makes the
 * process an unprivileged user inside while it keeps root's files outside, so nothing has to be
 * chowned; where user namespaces are forbidden (some container seccomp profiles) the system's
 * {@code postgres} account takes over the data directory instead.
 */
enum PostgresRunAs {
  /** Not root: run the programs as they are. */
  CURRENT_USER,
  /** Root: run them in a new user namespace, as "nobody" inside. */
  USER_NAMESPACE,
  /** Root without user namespaces: run them as the postgres account via runuser. */
  POSTGRES_ACCOUNT;

  static final String ACCOUNT = "postgres";

  private static volatile PostgresRunAs detected;

  static PostgresRunAs detect() {
    PostgresRunAs result = detected;
    if (result == null) {
      result = probe();
      detected = result;
    }
    return result;
  }

  private static PostgresRunAs probe() {
    if (!CurrentUser.isRoot()) {
      return CURRENT_USER;
    }
    if (succeeds(List.of("unshare", "-U", "true"))) {
      return USER_NAMESPACE;
    }
    if (succeeds(List.of("runuser", "-u", ACCOUNT, "--", "true"))) {
      return POSTGRES_ACCOUNT;
    }
    throw new SandboxException(
        "PostgreSQL refuses to run as root, and neither 'unshare -U' (user namespaces) nor a '"
            + ACCOUNT
            + "' account usable with runuser is available. Run the tests as a non-root user, allow"
            + " user namespaces, or create the account: apt-get install postgresql");
  }

  private static boolean succeeds(List<String> command) {
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  List<String> wrap(List<String> command) {
    List<String> wrapped = new ArrayList<>();
    switch (this) {
      case USER_NAMESPACE -> wrapped.addAll(List.of("unshare", "-U"));
      case POSTGRES_ACCOUNT -> wrapped.addAll(List.of("runuser", "-u", ACCOUNT, "--"));
      case CURRENT_USER -> {}
    }
    wrapped.addAll(command);
    return wrapped;
  }

  /** Lets the postgres account own {@code serverDir} and reach it through its parent. */
  void prepare(Path serverDir) {
    if (this != POSTGRES_ACCOUNT) {
      return;
    }
    try {
      UserPrincipal owner =
          serverDir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(ACCOUNT);
      Files.setOwner(serverDir, owner);
      // Temporary directories are created rwx------; the account only needs to pass through.
      Path parent = serverDir.toAbsolutePath().getParent();
      Set<PosixFilePermission> permissions = new HashSet<>(Files.getPosixFilePermissions(parent));
      if (permissions.add(PosixFilePermission.OTHERS_EXECUTE)) {
        Files.setPosixFilePermissions(parent, permissions);
      }
    } catch (IOException e) {
      throw new SandboxException("Cannot hand " + serverDir + " to the " + ACCOUNT + " account", e);
    }
  }
}
