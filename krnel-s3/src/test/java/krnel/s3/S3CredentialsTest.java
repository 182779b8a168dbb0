package krnel.s3;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** Refused credentials, on a server that checks signatures (S3Mock does not): S3Proxy. */
@ExtendWith(SharedS3Proxy.class)
class S3CredentialsTest {
  @TempDir static Path dir;

  static S3Settings settings(String key, String secret) {
    java.util.Properties sys = new java.util.Properties();
    sys.setProperty("user.home", dir.toString());
    return S3Settings.resolve("s3", java.util.Map.of(), sys, null)
        .withEndpoint(SharedS3Proxy.server().endpoint(), true).withRegion("us-east-1")
        .withCredentials(StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret)))
        .withCacheDir(dir.resolve("cache"));
  }

  @Test
  void theRightCredentialsOpenTheStore() {
    S3Store.open("s3://krnel/store", settings(S3ProxyServer.KEY, S3ProxyServer.SECRET)).close();
  }

  @Test
  void aWrongSecretIsOneLineWithAHint() {
    S3StoreException e = assertThrows(S3StoreException.class,
        () -> S3Store.open("s3://krnel/store", settings(S3ProxyServer.KEY, "wrong")));
    assertTrue(e.getMessage().startsWith("s3://krnel/store at " + SharedS3Proxy.server().endpoint() + ": the server refused"
        + " the credentials (SignatureDoesNotMatch) while checking the bucket; check AWS_ACCESS_KEY_ID and"
        + " AWS_SECRET_ACCESS_KEY"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
  }

  @Test
  void anUnknownAccessKeyIsOneLineWithAHint() {
    S3StoreException e = assertThrows(S3StoreException.class,
        () -> S3Store.open("s3://krnel/store", settings("nobody", S3ProxyServer.SECRET)));
    assertTrue(e.getMessage().contains(": the server refused the credentials (InvalidAccessKeyId) while checking the"
        + " bucket; check AWS_ACCESS_KEY_ID"), e.getMessage());
  }
}
