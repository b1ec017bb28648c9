package clinic.stack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Loopback port checks, so a clash is reported by name instead of as a child's stack trace. */
final class Ports {

  private Ports() {}

  /** A port nothing listens on right now, for tests that run beside a developer's stack. */
  static int free() {
    try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new StackException("Could not find a free loopback port: " + e.getMessage(), e);
    }
  }

  /**
   * Fails with a message naming the component if the port is taken. Binds the wildcard address,
   * which fails whether the other listener is on loopback or on every interface.
   *
   * @param hint how to choose another port, e.g. {@code --postgres-port}
   */
  static void requireFree(int port, String component, String hint) {
    try (ServerSocket socket = new ServerSocket()) {
      // A socket in TIME_WAIT from our own previous run must not count as "in use".
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(port));
    } catch (IOException e) {
      throw new StackException(
          "Port %d for %s is already in use. Is another local stack, or another server such as PostgreSQL, Kafka or a mail catcher, running? Find it with `ss -ltnp 'sport = :%d'` and stop it, or choose another port with %s."
              .formatted(port, component, port, hint));
    }
  }
}
