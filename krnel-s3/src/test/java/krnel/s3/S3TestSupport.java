package krnel.s3;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** Settings, clients and store URIs on a test server. */
final class S3TestSupport {
  private S3TestSupport() {}

  /** A store URI nobody else uses, under the test bucket. */
  static String freshStore() {
    return "s3://" + S3MockServer.BUCKET + "/t-" + UUID.randomUUID();
  }

  /** Points {@code Runner.open("s3://...")} of this JVM at {@code server}, with a cache in {@code cacheDir}. */
  static void useServer(S3MockServer server, Path cacheDir) {
    System.setProperty("aws.endpointUrlS3", server.endpoint().toString());
    System.setProperty("aws.region", "us-east-1");
    System.setProperty("aws.accessKeyId", "krnel-test");
    System.setProperty("aws.secretAccessKey", "krnel-test-secret");
    System.setProperty("krnel.cacheDir", cacheDir.toString());
    System.setProperty("krnel.s3.multipartThresholdMb", "16"); // the tests' large results go up in parts
  }

  static S3Settings settings(S3MockServer server, Path cacheDir) {
    Properties sys = new Properties();
    sys.setProperty("user.home", cacheDir.toString());
    return S3Settings.resolve("s3", Map.of(), sys, null)
        .withEndpoint(server.endpoint(), true)
        .withRegion("us-east-1")
        .withCredentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("krnel-test", "krnel-test-secret")))
        .withCacheDir(cacheDir);
  }

  /** A bare SDK client on {@code server}, to look at and tamper with what the store wrote. */
  static S3Client client(S3MockServer server) {
    return client(server, server.endpoint());
  }

  /** {@link #client(S3MockServer)} through {@code endpoint} (a relay in front of the server). */
  static S3Client client(S3MockServer server, java.net.URI endpoint) {
    return S3Client.builder().endpointOverride(endpoint).forcePathStyle(true).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("krnel-test", "krnel-test-secret")))
        .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder())
        .build();
  }

  /** The key of {@code name} of op {@code uuid} in the store {@code uri}. */
  static String key(String uri, String uuid, String name) {
    String prefix = S3Location.parse(uri).prefix();
    int underscore = uuid.indexOf('_');
    return prefix + "/" + uuid.substring(0, underscore) + "/" + uuid.substring(underscore + 1) + "/" + name;
  }

  static List<String> lines(Path file) throws java.io.IOException {
    return Files.exists(file) ? Files.readAllLines(file) : List.of();
  }
}
