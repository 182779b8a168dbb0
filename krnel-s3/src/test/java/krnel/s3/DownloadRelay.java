package krnel.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TCP relay on a loopback port in front of a real S3 server that notes each GET's path and
 * {@code Range}, and can hold one GET's response after its first bytes until the test lets it go
 * on (so that the test can kill the server in the middle of a download). It can also pace all
 * responses together to a link's speed, as a network slower than loopback would. Everything else
 * passes through unchanged.
 */
final class DownloadRelay extends LoopbackRelay<AtomicBoolean> {
  private static final Pattern RANGE = Pattern.compile("(?mi)^range: *(\\S+)");

  final List<String> gets = new CopyOnWriteArrayList<>();
  private final AtomicReference<String> holdArmed = new AtomicReference<>();
  private volatile long holdAfter;
  final CountDownLatch held = new CountDownLatch(1);
  final CountDownLatch release = new CountDownLatch(1);

  private final long bytesPerSecond;
  private long linkFreeAt; // guarded by this: when the paced link has sent what it was given

  DownloadRelay(URI target) throws IOException {
    this(target, 0);
  }

  /** A relay whose responses share one link of {@code bytesPerSecond} (0: unpaced). */
  DownloadRelay(URI target, long bytesPerSecond) throws IOException {
    super(target, "download-relay");
    this.bytesPerSecond = bytesPerSecond;
  }

  /** Every GET so far of a path ending in {@code suffix}, as its Range header ("" for none). */
  List<String> ranges(String suffix) {
    return gets.stream().filter(g -> g.split(" ", 2)[0].endsWith(suffix)).map(g -> g.split(" ", 2)[1]).toList();
  }

  /**
   * The response to the next GET of a path ending in {@code suffix} with a Range starting with
   * {@code rangePrefix} stops after {@code bytes} bytes ({@link #held} counts down) until {@link
   * #release} is counted down.
   */
  void holdGet(String suffix, String rangePrefix, long bytes) {
    holdAfter = bytes;
    holdArmed.set(suffix + " " + rangePrefix);
  }

  @Override
  AtomicBoolean connection() {
    return new AtomicBoolean(); // true: this connection's next response is the one to hold
  }

  @Override
  void pump(InputStream in, OutputStream out, boolean requests, AtomicBoolean holdNext)
      throws IOException, InterruptedException {
    byte[] buffer = new byte[64 * 1024];
    long sent = -1; // bytes of the held response sent so far, -1 while none is held
    for (int n; (n = in.read(buffer)) > 0; ) {
      if (requests) {
        String text = new String(buffer, 0, Math.min(n, 8192), StandardCharsets.ISO_8859_1);
        Matcher line = REQUEST_LINE.matcher(text);
        if (line.find() && line.group(1).equals("GET")) {
          String path = line.group(2).split("\\?")[0];
          Matcher range = RANGE.matcher(text);
          String asked = range.find() ? range.group(1) : "";
          gets.add(path + " " + asked);
          String armed = holdArmed.get();
          if (armed != null && path.endsWith(armed.split(" ")[0]) && asked.startsWith(armed.split(" ")[1])
              && holdArmed.compareAndSet(armed, null)) {
            holdNext.set(true);
          }
        }
      } else if (holdNext.compareAndSet(true, false)) {
        sent = 0;
      }
      if (sent >= 0 && sent + n >= holdAfter) {
        int first = (int) (holdAfter - sent);
        out.write(buffer, 0, first);
        out.flush();
        held.countDown();
        release.await();
        out.write(buffer, first, n - first);
        sent = -1;
      } else {
        if (sent >= 0) {
          sent += n;
        }
        out.write(buffer, 0, n);
      }
      out.flush();
      if (!requests && bytesPerSecond > 0) {
        pace(n);
      }
    }
  }

  /** Waits until the link would have carried {@code bytes} more. */
  private void pace(int bytes) {
    long done;
    synchronized (this) {
      linkFreeAt = Math.max(linkFreeAt, System.nanoTime()) + bytes * 1_000_000_000L / bytesPerSecond;
      done = linkFreeAt;
    }
    for (long wait; (wait = done - System.nanoTime()) > 0; ) {
      java.util.concurrent.locks.LockSupport.parkNanos(wait);
    }
  }

  @Override
  public void close() throws IOException {
    release.countDown();
    super.close();
  }
}
