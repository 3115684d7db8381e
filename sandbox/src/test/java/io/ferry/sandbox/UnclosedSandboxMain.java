package io.ferry.sandbox;

/**
 * Child-JVM program for {@link SandboxIT}: starts a sandbox, reports where it lives, and exits
 * without closing it, leaving the clean-up to the shutdown hook.
 */
public final class UnclosedSandboxMain {

  private UnclosedSandboxMain() {}

  public static void main(String[] args) {
    Sandbox sandbox = Sandbox.start(SandboxOptions.defaults());
    System.out.println("DIR=" + sandbox.directory());
    System.out.println("POSTGRES_PID=" + sandbox.postgres().pid());
    System.out.println("MARIADB_PID=" + sandbox.mariadb().pid());
    System.out.flush();
    System.exit(0);
  }
}
