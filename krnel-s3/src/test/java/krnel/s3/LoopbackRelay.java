package krnel.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.regex.Pattern;

/**
 * A TCP relay on a loopback port in front of a real server, for tests that play the network: each
 * accepted connection is joined to a new one to the server, and each direction is copied by its own
 * thread through {@link #pump}, which a subclass writes to watch, hold or drop what passes. When a
 * pump returns or fails, both sockets close.
 *
 * @param <C> what one connection's two directions share (e.g. "the next response is to be lost")
 */
public abstract class LoopbackRelay<C> implements AutoCloseable {
  /** An HTTP/1.1 request line: method and target. */
  static final Pattern REQUEST_LINE = Pattern.compile("(?m)^([A-Z]+) (\\S+) HTTP/1\\.1");

  private final ServerSocket listener;
  private final URI target;
  private final String name;

  LoopbackRelay(URI target, String name) throws IOException {
    this.target = target;
    this.name = name;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accept = new Thread(this::accept, name);
    accept.setDaemon(true);
    accept.start();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + listener.getLocalPort());
  }

  /** The state a new connection's two directions share. */
  abstract C connection();

  /** Copies {@code in} to {@code out} (requests when {@code requests}, else responses) until it returns. */
  abstract void pump(InputStream in, OutputStream out, boolean requests, C connection)
      throws IOException, InterruptedException;

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(target.getHost(), target.getPort());
        C connection = connection();
        start(client, server, true, connection);
        start(server, client, false, connection);
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void start(Socket from, Socket to, boolean requests, C connection) {
    Thread thread = new Thread(() -> {
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        pump(in, out, requests, connection);
      } catch (IOException e) {
        // one side closed: close both
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    }, name + "-pump");
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
  }
}
