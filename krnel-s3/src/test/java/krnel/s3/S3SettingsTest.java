package krnel.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Where the s3 store's settings come from, and what wins. */
class S3SettingsTest {
  private static Properties linux() {
    Properties sys = new Properties();
    sys.setProperty("os.name", "Linux");
    sys.setProperty("user.home", "/home/ada");
    return sys;
  }

  private static JsonNode config(String json) throws Exception {
    return new ObjectMapper().readTree(json);
  }

  @Test
  void pathStyleIsAutomaticForIpAndLocalhostEndpointsAndOtherwiseSet() {
    assertTrue(S3Settings.resolve("s3", Map.of("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9000"), linux(), null).pathStyle());
    assertTrue(S3Settings.resolve("s3", Map.of("AWS_ENDPOINT_URL", "http://localhost:9000"), linux(), null).pathStyle());
    assertTrue(S3Settings.resolve("s3", Map.of("AWS_ENDPOINT_URL", "http://[::1]:9000"), linux(), null).pathStyle());
    assertFalse(S3Settings.resolve("s3", Map.of("AWS_ENDPOINT_URL", "https://minio.example.com"), linux(), null).pathStyle());
    assertTrue(S3Settings.resolve("s3", Map.of("AWS_ENDPOINT_URL", "https://minio.example.com",
        "KRNEL_S3_PATH_STYLE", "true"), linux(), null).pathStyle());
    assertFalse(S3Settings.resolve("s3", Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:9000",
        "KRNEL_S3_PATH_STYLE", "false"), linux(), null).pathStyle());
    assertFalse(S3Settings.resolve("s3", Map.of(), linux(), null).pathStyle()); // AWS: virtual-hosted
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> S3Settings.resolve("s3", Map.of("KRNEL_S3_PATH_STYLE", "maybe"), linux(), null));
    assertEquals("KRNEL_S3_PATH_STYLE=\"maybe\" is neither true nor false", e.getMessage());
  }

  @Test
  void theS3EndpointWinsOverTheGeneralOneAndTheEnvironmentOverTheConfigFile() throws Exception {
    JsonNode file = config("{\"s3_endpoint_url\": \"http://10.0.0.5:9000\", \"s3_path_style\": \"false\","
        + " \"cache_path\": \"/data/cache\"}");
    S3Settings fromFile = S3Settings.resolve("s3", Map.of(), linux(), file);
    assertEquals(URI.create("http://10.0.0.5:9000"), fromFile.endpoint());
    assertFalse(fromFile.pathStyle());
    assertEquals(Path.of("/data/cache"), fromFile.cacheDir());
    S3Settings fromEnv = S3Settings.resolve("s3", Map.of("AWS_ENDPOINT_URL", "http://general:1",
        "AWS_ENDPOINT_URL_S3", "http://s3-only:2", "KRNEL_CACHE_DIR", "/fast/cache"), linux(), file);
    assertEquals(URI.create("http://s3-only:2"), fromEnv.endpoint());
    assertEquals(Path.of("/fast/cache"), fromEnv.cacheDir());
  }

  @Test
  void theCacheDefaultsToTheUserCacheDirAndLeasesToAMinute() {
    S3Settings defaults = S3Settings.resolve("s3", Map.of(), linux(), null);
    assertEquals(Path.of("/home/ada/.cache/krnel"), defaults.cacheDir());
    assertEquals(Path.of("/xdg/krnel"), S3Settings.resolve("s3", Map.of("XDG_CACHE_HOME", "/xdg"), linux(), null).cacheDir());
    assertEquals(60, defaults.leaseTime().toSeconds());
    assertNull(defaults.endpoint());
    assertEquals(5, S3Settings.resolve("s3", Map.of("KRNEL_S3_LEASE_SECONDS", "5"), linux(), null).leaseTime().toSeconds());
  }

  @Test
  void gsUsesGoogleCloudStoragesXmlApi() {
    S3Settings gs = S3Settings.resolve("gs", Map.of(), linux(), null);
    assertEquals(URI.create("https://storage.googleapis.com"), gs.endpoint());
    assertEquals("auto", gs.region());
    assertFalse(gs.pathStyle());
  }

  /** AWS itself (no endpoint) needs a region: none in the environment, properties or AWS config file. */
  @Test
  void withoutARegionForAwsTheClientIsOneLineWithAHint() {
    Assumptions.assumeTrue(System.getenv("AWS_REGION") == null && System.getenv("AWS_DEFAULT_REGION") == null,
        "this environment sets a region");
    String saved = System.clearProperty("aws.region"); // other tests' servers set it for this JVM
    try {
      S3Settings settings = S3Settings.resolve("s3", Map.of(), linux(), null);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> settings.client(S3Location.parse("s3://bucket/krnel")));
      assertEquals("s3://bucket/krnel: no AWS region is configured; set AWS_REGION (e.g. AWS_REGION=us-east-1) or"
          + " region in ~/.aws/config, or AWS_ENDPOINT_URL_S3 for an S3-compatible server", e.getMessage());
    } finally {
      if (saved != null) {
        System.setProperty("aws.region", saved);
      }
    }
  }
}
