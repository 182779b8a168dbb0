package krnel.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import krnel.runner.RunnerConfig;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * How the s3 store reaches its server, configured the way AWS tools are: credentials and region
 * from the SDK's default chains ({@code AWS_ACCESS_KEY_ID}, {@code AWS_PROFILE}, {@code AWS_REGION},
 * {@code ~/.aws/...}), the endpoint from {@code AWS_ENDPOINT_URL_S3} or {@code AWS_ENDPOINT_URL}
 * (MinIO, Ceph, R2, GCS), path-style addressing automatic for IP-address and {@code localhost}
 * endpoints and otherwise set by {@code KRNEL_S3_PATH_STYLE}. Krnel's own settings may also come
 * from the config file that {@code krnel config} writes ({@code s3_endpoint_url},
 * {@code s3_path_style}, {@code cache_path}); the environment wins.
 *
 * @param endpoint the server, or null for AWS's own endpoint of the region
 * @param pathStyle {@code http://host/bucket/key} rather than {@code http://bucket.host/key}
 * @param region the signing region, or null to ask the SDK's region chain when the client is built
 * @param credentials where credentials come from
 * @param cacheDir the local read cache (deletable at any time)
 * @param leaseTime how long a runner's claim on an op lasts without renewal; a killed runner
 *     delays others by at most this much
 * @param multipartThreshold results larger than this many bytes go up in parts; smaller ones in one
 *     PUT streamed from the file ({@code KRNEL_S3_MULTIPART_THRESHOLD_MB}, 512 by default; S3 takes at
 *     most 5 GiB in one PUT)
 * @param partSize multipart part size in bytes ({@code KRNEL_S3_PART_SIZE_MB}, 16 by default, at least 5)
 * @param uploadThreads parts uploaded at once (memory used: about partSize times this)
 */
public record S3Settings(URI endpoint, boolean pathStyle, String region, AwsCredentialsProvider credentials,
    Path cacheDir, Duration leaseTime, long multipartThreshold, long partSize, int uploadThreads) {
  public static final String PATH_STYLE_ENV = "KRNEL_S3_PATH_STYLE";
  public static final String CACHE_DIR_ENV = "KRNEL_CACHE_DIR";
  public static final String LEASE_SECONDS_ENV = "KRNEL_S3_LEASE_SECONDS";
  public static final String MULTIPART_THRESHOLD_ENV = "KRNEL_S3_MULTIPART_THRESHOLD_MB";
  public static final String PART_SIZE_ENV = "KRNEL_S3_PART_SIZE_MB";
  private static final long MIN_PART = 5L << 20; // S3's smallest part but the last
  private static final long MAX_PUT = 5L << 30;
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  public S3Settings {
    if (multipartThreshold > MAX_PUT) {
      throw new IllegalArgumentException("S3 takes at most 5 GiB in one PUT; the multipart threshold is "
          + multipartThreshold + " bytes");
    }
    if (partSize < MIN_PART) {
      throw new IllegalArgumentException("S3 multipart parts are at least 5 MiB; got " + partSize + " bytes");
    }
  }

  /** This process's settings: environment variables, system properties, the krnel config file. */
  public static S3Settings fromEnvironment(String scheme) {
    Map<String, String> env = System.getenv();
    return resolve(scheme, env, System.getProperties(),
        configFile(RunnerConfig.configFile(env, System.getProperty("user.home"))));
  }

  /** Resolution with every input explicit, for tests. */
  static S3Settings resolve(String scheme, Map<String, String> env, Properties sys, JsonNode config) {
    String endpointText = first(env.get("AWS_ENDPOINT_URL_S3"), sys.getProperty("aws.endpointUrlS3"),
        env.get("AWS_ENDPOINT_URL"), sys.getProperty("aws.endpointUrl"), text(config, "s3_endpoint_url"));
    if (endpointText == null && "gs".equals(scheme)) {
      endpointText = "https://storage.googleapis.com"; // GCS's S3-compatible XML API
    }
    URI endpoint = endpointText == null ? null : endpoint(endpointText);
    String pathStyleText = first(env.get(PATH_STYLE_ENV), sys.getProperty("krnel.s3.pathStyle"), text(config, "s3_path_style"));
    boolean pathStyle = pathStyleText != null ? bool(pathStyleText) : endpoint != null && isLocalOrIp(endpoint.getHost());
    String region = first(env.get("AWS_REGION"), sys.getProperty("aws.region"));
    if (region == null && "gs".equals(scheme)) {
      region = "auto";
    }
    String cache = first(env.get(CACHE_DIR_ENV), sys.getProperty("krnel.cacheDir"), env.get("KRNEL_CACHE_PATH"),
        text(config, "cache_path"));
    Path cacheDir = cache != null ? Path.of(cache) : defaultCacheDir(env, sys);
    String lease = first(env.get(LEASE_SECONDS_ENV), sys.getProperty("krnel.s3.leaseSeconds"));
    Duration leaseTime = Duration.ofSeconds(lease == null ? 60 : Long.parseLong(lease.trim()));
    String threshold = first(env.get(MULTIPART_THRESHOLD_ENV), sys.getProperty("krnel.s3.multipartThresholdMb"));
    long multipartThreshold = (threshold == null ? 512 : Long.parseLong(threshold.trim())) << 20;
    String part = first(env.get(PART_SIZE_ENV), sys.getProperty("krnel.s3.partSizeMb"));
    long partSize = (part == null ? 16 : Long.parseLong(part.trim())) << 20;
    return new S3Settings(endpoint, pathStyle, region, DefaultCredentialsProvider.builder().build(), cacheDir,
        leaseTime, multipartThreshold, partSize, 4);
  }

  public S3Settings withEndpoint(URI endpoint, boolean pathStyle) {
    return new S3Settings(endpoint, pathStyle, region, credentials, cacheDir, leaseTime, multipartThreshold, partSize, uploadThreads);
  }

  public S3Settings withCredentials(AwsCredentialsProvider credentials) {
    return new S3Settings(endpoint, pathStyle, region, credentials, cacheDir, leaseTime, multipartThreshold, partSize, uploadThreads);
  }

  public S3Settings withCacheDir(Path cacheDir) {
    return new S3Settings(endpoint, pathStyle, region, credentials, cacheDir, leaseTime, multipartThreshold, partSize, uploadThreads);
  }

  public S3Settings withLeaseTime(Duration leaseTime) {
    return new S3Settings(endpoint, pathStyle, region, credentials, cacheDir, leaseTime, multipartThreshold, partSize, uploadThreads);
  }

  /**
   * Multipart uploads above {@code threshold} bytes, in parts of {@code partSize} bytes (at least 5
   * MiB), {@code threads} of them uploaded at once.
   */
  public S3Settings withUploads(long threshold, long partSize, int threads) {
    return new S3Settings(endpoint, pathStyle, region, credentials, cacheDir, leaseTime, threshold, partSize, threads);
  }

  public S3Settings withRegion(String region) {
    return new S3Settings(endpoint, pathStyle, region, credentials, cacheDir, leaseTime, multipartThreshold, partSize, uploadThreads);
  }

  /** The client these settings describe; fails with a one-line message when no region can be found. */
  S3Client client(S3Location location) {
    return clientBuilder(location, Clock.systemUTC()).build();
  }

  /**
   * {@link #client}'s builder, with {@code clock} as this machine's clock for the warning that it
   * is off the server's; for tests that change one thing (the signer's clock, this machine's).
   */
  S3ClientBuilder clientBuilder(S3Location location, Clock clock) {
    String signingRegion = region;
    if (signingRegion == null) {
      try {
        signingRegion = DefaultAwsRegionProviderChain.builder().build().getRegion().id();
      } catch (SdkClientException e) {
        if (endpoint == null) {
          throw new IllegalArgumentException(location.uri() + ": no AWS region is configured; set AWS_REGION (e.g."
              + " AWS_REGION=us-east-1) or region in ~/.aws/config, or AWS_ENDPOINT_URL_S3 for an S3-compatible server");
        }
        signingRegion = "us-east-1"; // S3-compatible servers take any region
      }
    }
    var builder = S3Client.builder()
        .httpClientBuilder(UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(10)).socketTimeout(Duration.ofSeconds(120)))
        .region(Region.of(signingRegion))
        .credentialsProvider(credentials)
        .forcePathStyle(pathStyle)
        .overrideConfiguration(c -> c.addExecutionInterceptor(new ClockSkewWarning(
            location.uri() + (endpoint == null ? "" : " at " + endpoint), System.err, clock)));
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    return builder;
  }

  private static URI endpoint(String text) {
    URI uri = URI.create(text.trim());
    if (uri.getScheme() == null || uri.getHost() == null) {
      throw new IllegalArgumentException("The S3 endpoint \"" + text + "\" is not a URL; write e.g."
          + " AWS_ENDPOINT_URL_S3=http://127.0.0.1:9000 or https://s3.example.com");
    }
    return uri;
  }

  static boolean isLocalOrIp(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost") || h.endsWith(".localhost") || IPV4.matcher(h).matches() || h.startsWith("[")
        || h.contains(":");
  }

  private static boolean bool(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.equals("true") || t.equals("1") || t.equals("yes")) {
      return true;
    }
    if (t.equals("false") || t.equals("0") || t.equals("no")) {
      return false;
    }
    throw new IllegalArgumentException(PATH_STYLE_ENV + "=\"" + text + "\" is neither true nor false");
  }

  /** The user cache dir: {@code $XDG_CACHE_HOME/krnel}, {@code ~/Library/Caches/krnel}, {@code %LOCALAPPDATA%\krnel\Cache}. */
  private static Path defaultCacheDir(Map<String, String> env, Properties sys) {
    String os = sys.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String home = sys.getProperty("user.home");
    if (os.startsWith("windows") && env.get("LOCALAPPDATA") != null) {
      return Path.of(env.get("LOCALAPPDATA"), "krnel", "Cache");
    }
    if (os.startsWith("mac")) {
      return Path.of(home, "Library", "Caches", "krnel");
    }
    String xdg = env.get("XDG_CACHE_HOME");
    return xdg != null && !xdg.isBlank() ? Path.of(xdg, "krnel") : Path.of(home, ".cache", "krnel");
  }

  private static JsonNode configFile(Path file) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      return new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the Krnel config file " + file + ": " + e.getMessage()
          + ". Fix or delete it.", e);
    }
  }

  private static String text(JsonNode config, String field) {
    JsonNode value = config == null ? null : config.get(field);
    return value == null || value.isNull() || value.asText().isBlank() ? null : value.asText();
  }

  private static String first(String... values) {
    for (String value : values) {
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return null;
  }

}
