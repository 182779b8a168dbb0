package krnel.cli;

import static krnel.cli.CliRun.krnel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import krnel.graph.GraphJson;
import krnel.ops.ClassifierEvaluationOp;
import krnel.ops.LoadLocalParquetDatasetOp;
import krnel.runner.Runner;
import krnel.s3.S3MockServer;
import krnel.store.ParquetResults;
import krnel.types.BooleanColumn;
import krnel.types.VectorColumn;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The laptop → bucket → GPU machine loop on a real S3 server: {@code make-group} on a bucket store
 * uploads the Parquet datasets the graph reads and prints the uuid; {@code krnel run -u} in a second
 * process, with only the store URI (KRNEL_STORE_URI), credentials and an empty cache, computes it;
 * status, summary and print read the bucket.
 */
class S3LoopTest {
  private static S3MockServer server;
  @TempDir Path dir;

  @BeforeAll
  static void startServer() throws Exception {
    server = S3MockServer.start(Path.of(System.getProperty("java.io.tmpdir"), "s3mock-cli-" + UUID.randomUUID()));
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
    for (String property : List.of("aws.endpointUrlS3", "aws.region", "aws.accessKeyId", "aws.secretAccessKey", "krnel.cacheDir")) {
      System.clearProperty(property);
    }
  }

  private Path dataset(String name, int rows, double shift) throws Exception {
    List<List<Double>> vectors = new ArrayList<>();
    List<Boolean> labels = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      boolean positive = i % 2 == 0;
      vectors.add(List.of((positive ? 1.0 : -1.0) + shift * Math.sin(i), Math.cos(i)));
      labels.add(positive);
    }
    Map<String, List<?>> columns = new LinkedHashMap<>();
    columns.put("x", vectors);
    columns.put("spam", labels);
    Path file = dir.resolve(name + ".parquet");
    try (Runner memory = Runner.memory(); VectorSchemaRoot table = memory.toArrow(memory.fromInlineDataset(columns))) {
      ParquetResults.write(file, table);
    }
    return file;
  }

  @Test
  void makeGroupOnALaptopAndRunByUuidOnAnotherMachine() throws Exception {
    String store = "s3://" + S3MockServer.BUCKET + "/loop-" + UUID.randomUUID();
    Path train = dataset("train", 40, 0.3);
    Path test = dataset("test", 20, 0.5);
    ClassifierEvaluationOp report;
    try (Runner memory = Runner.memory()) {
      LoadLocalParquetDatasetOp trainData = memory.fromParquet(train);
      LoadLocalParquetDatasetOp testData = memory.fromParquet(test);
      VectorColumn x = trainData.colVector("x");
      BooleanColumn spam = trainData.colBoolean("spam");
      report = x.trainClassifier("logistic_regression", spam).predict(x.subs(trainData, testData))
          .evaluate(spam.subs(trainData, testData));
    }
    Path graph = Files.writeString(dir.resolve("graph.json"), GraphJson.write(List.of(report)));

    // the laptop: this JVM, configured by system properties (as AWS tools read aws.* properties)
    System.setProperty("aws.endpointUrlS3", server.endpoint().toString());
    System.setProperty("aws.region", "us-east-1");
    System.setProperty("aws.accessKeyId", "krnel-test");
    System.setProperty("aws.secretAccessKey", "krnel-test-secret");
    System.setProperty("krnel.cacheDir", dir.resolve("laptop-cache").toString());
    CliRun group = krnel("make-group", "--store", store, "-g", graph.toString(), "--no-deps");
    assertEquals(0, group.code(), group.err());
    String uuid = group.out().strip();
    assertEquals(report.uuid(), uuid);
    Files.delete(train); // the other machine has no dataset files: make-group uploaded them
    Files.delete(test);

    // the GPU machine: another process with the store URI, credentials and an empty cache only
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(arg -> arg.startsWith("--add-opens") || arg.startsWith("-Djava.io.tmpdir")).toList());
    command.addAll(List.of("-Xmx512m", "-cp", System.getProperty("java.class.path"), Krnel.class.getName(), "run", "-u", uuid));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("KRNEL_STORE_URI", store);
    builder.environment().put("AWS_ENDPOINT_URL_S3", server.endpoint().toString());
    builder.environment().put("AWS_ACCESS_KEY_ID", "krnel-test");
    builder.environment().put("AWS_SECRET_ACCESS_KEY", "krnel-test-secret");
    builder.environment().put("AWS_REGION", "us-east-1");
    builder.environment().put("KRNEL_CACHE_DIR", dir.resolve("gpu-cache").toString());
    builder.environment().put("XDG_CONFIG_HOME", dir.resolve("gpu-config").toString());
    Process gpu = builder.start();
    String output = new String(gpu.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(gpu.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, gpu.exitValue(), output);
    assertTrue(output.contains("Op " + uuid + " materialized"), output);
    assertTrue(output.contains("0 failed"), output);
    assertTrue(Files.isDirectory(dir.resolve("gpu-cache").resolve("s3").resolve(S3MockServer.BUCKET)), "the cache was used");

    // back on the laptop: the commands that read a store read the bucket
    CliRun status = krnel("status", "--store", store, "-u", uuid, "--no-deps");
    assertEquals(uuid + ": completed\n", status.out(), status.err());
    CliRun summary = krnel("summary", "--store", store, "--json");
    assertEquals(0, summary.code(), summary.err());
    com.fasterxml.jackson.databind.JsonNode counts = new com.fasterxml.jackson.databind.ObjectMapper().readTree(summary.out());
    assertEquals(1, counts.path("ClassifierEvaluationOp").path("completed").asInt(), summary.out());
    assertEquals(2, counts.path("LoadLocalParquetDatasetOp").path("completed").asInt(), summary.out());
    CliRun print = krnel("print", "--store", store, "-u", uuid, "--no-deps");
    assertEquals(0, print.code(), print.err());
    assertTrue(print.out().contains("ClassifierEvaluationOp classifierEvaluation_"), print.out());
    CliRun again = krnel("run", "--store", store, "-u", uuid);
    assertTrue(again.out().contains("0 computed"), again.out());
  }

  @Test
  void aMissingBucketIsOneErrorWithAHint() {
    System.setProperty("aws.endpointUrlS3", server.endpoint().toString());
    System.setProperty("aws.region", "us-east-1");
    System.setProperty("aws.accessKeyId", "krnel-test");
    System.setProperty("aws.secretAccessKey", "krnel-test-secret");
    CliRun status = krnel("status", "--store", "s3://no-such-bucket/krnel");
    assertEquals(1, status.code());
    assertEquals("error: s3://no-such-bucket/krnel at " + server.endpoint() + ": the bucket no-such-bucket does not exist;"
        + " create it (aws s3 mb s3://no-such-bucket) or fix the bucket in the store URI\n"
        + "hint: check the bucket URI and the AWS settings (AWS_ENDPOINT_URL_S3, AWS_REGION, credentials):"
        + " docs/remote-store.md\n", status.err());
    assertFalse(status.err().contains("\tat "));
  }

  @Test
  void configSavesTheBucketSettings() throws Exception {
    Path file = dir.resolve("config/krnel_graph_config.json");
    CliRun save = krnel("config", "--config-file", file.toString(), "--store-uri", "s3://bucket/krnel",
        "--s3-endpoint-url", "http://10.0.0.5:9000", "--s3-path-style", "true", "--cache-path", "/data/krnel-cache");
    assertEquals(0, save.code(), save.err());
    assertEquals("{\n    \"store_uri\" : \"s3://bucket/krnel\",\n    \"cache_path\" : \"/data/krnel-cache\",\n"
        + "    \"s3_endpoint_url\" : \"http://10.0.0.5:9000\",\n    \"s3_path_style\" : \"true\"\n}\n", Files.readString(file));
    CliRun show = krnel("config", "--config-file", file.toString());
    assertTrue(show.out().contains("cache_path: '/data/krnel-cache'\ns3_endpoint_url: 'http://10.0.0.5:9000'\n"
        + "s3_path_style: 'true'\n"), show.out());
  }
}
