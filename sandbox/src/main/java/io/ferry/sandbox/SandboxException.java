package io.ferry.sandbox;

/** A sandbox server could not be found, started, or used; the message says what to do about it. */
public class SandboxException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public SandboxException(String message) {
    super(message);
  }

  public SandboxException(String message, Throwable cause) {
    super(message, cause);
  }
}
