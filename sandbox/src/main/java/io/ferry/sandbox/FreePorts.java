package io.ferry.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Picks loopback ports nobody listens on. The port is released before the server binds it, so
 * another process can take it in between: callers retry with a new port when {@link #isClash}
 * says that is what happened.
 */
final class FreePorts {

  static final String LOOPBACK = "127.0.0.1";
  static final int ATTEMPTS = 3;

  private FreePorts() {}

  static int next() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), 0), 1);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on " + LOOPBACK, e);
    }
  }

  /** True when a server's log or error text shows it lost a race for its port. */
  static boolean isClash(String text) {
    return text != null && text.contains("Address already in use");
  }
}
