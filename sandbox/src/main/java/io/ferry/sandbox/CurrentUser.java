package io.ferry.sandbox;

import com.sun.security.auth.module.UnixSystem;

/** Who this JVM runs as; both database servers need special handling under root. */
final class CurrentUser {

  private static final boolean ROOT = new UnixSystem().getUid() == 0;

  private CurrentUser() {}

  static boolean isRoot() {
    return ROOT;
  }
}
