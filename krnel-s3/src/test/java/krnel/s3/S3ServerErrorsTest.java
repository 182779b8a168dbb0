package krnel.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import krnel.runner.OpState;
import krnel.runner.OpStatus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.auth.scheme.S3AuthSchemeProvider;
import software.amazon.awssdk.services.s3.model.BucketCannedACL;

/**
 * The errors a user meets on S3, produced for real by S3Proxy (which checks signatures, request
 * times and anonymous access): a clock too far off, access denied, and a clock the SDK corrects for.
 */
@ExtendWith(SharedS3Proxy.class)
class S3ServerErrorsTest {
  /** A bucket that grants everyone listing (ACL public-read) and nothing else. */
  private static final String LISTABLE = "krnel-listable";
  private static final AwsCredentialsProvider GOOD =
      StaticCredentialsProvider.create(AwsBasicCredentials.create(S3ProxyServer.KEY, S3ProxyServer.SECRET));
  @TempDir Path dir;

  @BeforeAll
  static void createListableBucket() {
    try (S3Client s3 = SharedS3Proxy.server().client()) {
      s3.createBucket(r -> r.bucket(LISTABLE).acl(BucketCannedACL.PUBLIC_READ));
    }
  }

  private S3Settings settings(AwsCredentialsProvider credentials) {
    Properties sys = new Properties();
    sys.setProperty("user.home", dir.toString());
    return S3Settings.resolve("s3", Map.of(), sys, null).withEndpoint(SharedS3Proxy.server().endpoint(), true)
        .withRegion("us-east-1").withCredentials(credentials).withCacheDir(dir.resolve("cache"));
  }

  private String where(String uri) {
    return uri + " at " + SharedS3Proxy.server().endpoint();
  }

  /**
   * A signer whose clock is an hour ahead, as a machine's would be; unlike a machine's clock, the
   * SDK cannot correct it (it signs with this clock whatever offset it learns from the server), so
   * the server refuses every retry, as when correcting fails.
   */
  @Test
  void aClockTheSdkCannotCorrectIsOneLineWithAHint() {
    S3Location location = S3Location.parse("s3://" + SharedS3Proxy.BUCKET + "/skew");
    S3Settings settings = settings(GOOD);
    Clock skewed = Clock.offset(Clock.systemUTC(), Duration.ofHours(1));
    S3AuthSchemeProvider defaults = S3AuthSchemeProvider.defaultProvider();
    S3Client client = settings.clientBuilder(location, Clock.systemUTC()).authSchemeProvider(parameters -> defaults.resolveAuthScheme(parameters)
        .stream().map(option -> option.toBuilder().putSignerProperty(HttpSigner.SIGNING_CLOCK, skewed).build()).toList())
        .build();
    S3StoreException e = assertThrows(S3StoreException.class, () -> S3Store.open(location, settings, client));
    assertEquals(where(location.uri()) + ": the server refused the request's time while checking the bucket: this"
        + " machine's clock differs from the server's by more than S3 allows (RequestTimeTooSkewed); synchronize the"
        + " clock (NTP, e.g. timedatectl set-ntp true)", e.getMessage());
  }

  @Test
  void anonymousRequestsToAPrivateBucketAreAccessDenied() {
    String uri = "s3://" + SharedS3Proxy.BUCKET + "/anonymous";
    S3StoreException e = assertThrows(S3StoreException.class,
        () -> S3Store.open(uri, settings(AnonymousCredentialsProvider.create())));
    assertEquals(where(uri) + ": access denied to anonymous requests while checking the bucket; anonymous requests"
        + " get only what the bucket grants everyone: use credentials that may read and write the bucket "
        + SharedS3Proxy.BUCKET, e.getMessage());
  }

  /** Listing is granted, reading and writing objects are not: each refused action is named. */
  @Test
  void onABucketThatOnlyListsReadingAndWritingAreAccessDenied() throws IOException {
    String uri = "s3://" + LISTABLE + "/store-" + java.util.UUID.randomUUID();
    SlowOp op = ImmutableSlowOp.builder().label("listed").sleepMillis(0).build();
    try (S3Store owner = S3Store.open(uri, settings(GOOD))) {
      owner.writeStatus(OpStatus.of(op, OpState.NEW));
    }
    try (S3Store anonymous = S3Store.open(uri, settings(AnonymousCredentialsProvider.create()))) {
      assertEquals(List.of(op.uuid()), anonymous.uuids());
      IOException read = assertThrows(IOException.class, () -> anonymous.readStatus(op.uuid()));
      assertEquals(where(uri) + ": access denied to anonymous requests while reading the status of " + op.uuid()
          + "; anonymous requests get only what the bucket grants everyone: use credentials that may read and write"
          + " the bucket " + LISTABLE, read.getMessage());
      IOException write = assertThrows(IOException.class, anonymous::checkWritable);
      assertTrue(write.getMessage().startsWith(where(uri) + ": access denied to anonymous requests while checking"
          + " that the store is writable;"), write.getMessage());
    }
  }

  /**
   * When this machine's clock is off the server's (here: the clock the store's client takes for
   * this machine's, two hours ahead), the store says so once, whatever the number of requests;
   * with the true clock it says nothing.
   */
  @Test
  void aClockOffTheServersIsSaidOnce() throws IOException {
    S3Location location = S3Location.parse("s3://" + SharedS3Proxy.BUCKET + "/fast-clock-" + java.util.UUID.randomUUID());
    S3Settings settings = settings(GOOD);
    SlowOp op = ImmutableSlowOp.builder().label("fast-clock").sleepMillis(0).build();
    PrintStream stderr = System.err;
    ByteArrayOutputStream fast = new ByteArrayOutputStream();
    ByteArrayOutputStream right = new ByteArrayOutputStream();
    try {
      System.setErr(new PrintStream(fast, true, StandardCharsets.UTF_8));
      Clock twoHoursAhead = Clock.offset(Clock.systemUTC(), Duration.ofHours(2));
      try (S3Store store = S3Store.open(location, settings, settings.clientBuilder(location, twoHoursAhead).build())) {
        store.writeStatus(OpStatus.of(op, OpState.NEW));
        assertEquals(OpState.NEW, store.readStatus(op.uuid()).orElseThrow().state());
        assertEquals(List.of(op.uuid()), store.uuids());
      }
      System.setErr(new PrintStream(right, true, StandardCharsets.UTF_8));
      try (S3Store store = S3Store.open(location.uri(), settings)) {
        assertEquals(List.of(op.uuid()), store.uuids());
      }
    } finally {
      System.setErr(stderr);
    }
    String warning = "warning: " + where(location.uri()) + ": this machine's clock is 2 h 0 min ahead of the server's;"
        + " requests are signed in the server's time, but the times in statuses (heartbeats included) are this"
        + " machine's; synchronize the clock (NTP, e.g. timedatectl set-ntp true)";
    String said = fast.toString(StandardCharsets.UTF_8);
    assertEquals(1, said.lines().filter(line -> line.contains("clock")).count(), said);
    assertTrue(said.lines().anyMatch(warning::equals), said);
    assertFalse(right.toString(StandardCharsets.UTF_8).contains("clock"), right.toString(StandardCharsets.UTF_8));
  }
}
