package krnel.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;

/**
 * A TCP relay on a loopback port in front of a real S3 server that loses responses, as a network
 * can: the request reaches the server and is carried out, but the client's connection is closed
 * where the server's answer would come. Everything else passes through unchanged.
 */
public final class LostResponseProxy extends LoopbackRelay<AtomicInteger> {
  private final AtomicReference<String> armed = new AtomicReference<>();
  private final AtomicInteger lost = new AtomicInteger();
  private volatile String alwaysLost;

  public LostResponseProxy(URI target) throws IOException {
    super(target, "lost-response-proxy");
  }

  /** The final response to the next {@code PUT} of a path ending in {@code suffix} (before any query) is lost. */
  void loseResponseToPut(String suffix) {
    armed.set(suffix);
  }

  /** From now on, every response to a {@code GET} of a path ending in {@code suffix} (before any query) is lost. */
  public void loseEveryResponseToGet(String suffix) {
    alwaysLost = suffix;
  }

  /** How many responses were lost so far. */
  public int lost() {
    return lost.get();
  }

  @Override
  AtomicInteger connection() {
    return new AtomicInteger(); // 1: the next response of this connection is lost
  }

  @Override
  void pump(InputStream in, OutputStream out, boolean requests, AtomicInteger loseNext) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    for (int n; (n = in.read(buffer)) > 0; ) {
      String text = new String(buffer, 0, Math.min(n, 4096), StandardCharsets.ISO_8859_1);
      if (requests) {
        Matcher line = REQUEST_LINE.matcher(text);
        String suffix = armed.get();
        if (line.find()) {
          String path = line.group(2).split("\\?")[0];
          if (suffix != null && line.group(1).equals("PUT") && path.endsWith(suffix) && armed.compareAndSet(suffix, null)
              || alwaysLost != null && line.group(1).equals("GET") && path.endsWith(alwaysLost)) {
            loseNext.set(1);
          }
        }
      } else if (loseNext.get() == 1 && text.startsWith("HTTP/1.1 ") && !text.startsWith("HTTP/1.1 100")) {
        lost.incrementAndGet();
        return; // the server answered; the client never hears it
      }
      out.write(buffer, 0, n);
      out.flush();
    }
  }

}
