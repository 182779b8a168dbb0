package krnel.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import krnel.runner.OpState;
import krnel.runner.Runner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Runners in several processes on one bucket: racing for an op, killed while holding its lease,
 * and the server killed mid-upload.
 */
@ExtendWith(SharedS3Mock.class)
class S3ProcessTest {
  // 2 s lost a lease once on a loaded 2-core machine (a renewal is due every third of a lease)
  private static final int LEASE_SECONDS = 4;

  @TempDir Path scratch;
  private String store;
  private Path counter;
  private final List<Process> started = new ArrayList<>();

  @BeforeEach
  void setUp() {
    store = S3TestSupport.freshStore();
    counter = scratch.resolve("runs.txt");
    S3TestSupport.useServer(SharedS3Mock.server(), scratch.resolve("cache"));
    System.setProperty("krnel.s3.leaseSeconds", Integer.toString(LEASE_SECONDS));
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    System.clearProperty("krnel.s3.leaseSeconds");
    for (Process process : started) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  private Process start(S3MockServer server, String name, Map<String, String> env, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(arg -> arg.startsWith("--add-opens") || arg.startsWith("-Djava.io.tmpdir")).toList());
    command.addAll(List.of("-Xmx256m", "-Daws.endpointUrlS3=" + server.endpoint(), "-Daws.region=us-east-1",
        "-Dkrnel.cacheDir=" + scratch.resolve("cache-" + name), "-Dkrnel.s3.leaseSeconds=" + LEASE_SECONDS,
        "-cp", System.getProperty("java.class.path"), S3RunnerMain.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(scratch.resolve(name + ".log").toFile());
    builder.environment().put("AWS_ACCESS_KEY_ID", "krnel-test");
    builder.environment().put("AWS_SECRET_ACCESS_KEY", "krnel-test-secret");
    env.forEach((key, value) -> {
      if (value == null) {
        builder.environment().remove(key); // a null value: not set at all
      } else {
        builder.environment().put(key, value);
      }
    });
    Process process = builder.start();
    started.add(process);
    return process;
  }

  private Process runner(String name, String label, int sleepMillis) throws IOException {
    return start(SharedS3Mock.server(), name, Map.of(), store, counter.toString(), label, Integer.toString(sleepMillis));
  }

  private static String firstLine(Process process) throws IOException {
    return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
  }

  private static String output(Process process) throws IOException {
    return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }

  @Test
  void twoProcessesOnOneBucketComputeAnOpOnce() throws Exception {
    // computing takes longer than a lease: the holder's renewals keep the other one waiting
    SlowOp op = ImmutableSlowOp.builder().label("raced").sleepMillis(3 * LEASE_SECONDS * 1000).build();
    Process first = runner("first", "raced", op.sleepMillis());
    Process second = runner("second", "raced", op.sleepMillis());
    assertTrue(first.waitFor(120, TimeUnit.SECONDS) && second.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, first.exitValue(), output(first));
    assertEquals(0, second.exitValue(), output(second));
    assertEquals(List.of("raced"), S3TestSupport.lines(counter));
    try (Runner runner = Runner.open(store, SlowImplementation.module(counter))) {
      assertEquals(OpState.COMPLETED, runner.status(op).state());
      assertArrayEquals(new double[] {0, 1, 2}, runner.toDoubleArray(op));
    }
  }

  @Test
  void aKilledHoldersLeaseExpiresAndAnotherRunnerTakesTheOpOver() throws Exception {
    SlowOp op = ImmutableSlowOp.builder().label("abandoned").sleepMillis(120_000).build();
    Process victim = runner("victim", "abandoned", op.sleepMillis());
    assertEquals("started " + op.uuid(), firstLine(victim));
    ProcessTestSupport.waitFor(() -> S3TestSupport.lines(counter).contains("abandoned")); // computing, holding the lease
    victim.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

    try (Runner runner = Runner.open(store, SlowImplementation.module(counter))) {
      assertEquals(OpState.RUNNING, runner.status(op).state()); // as the dead process left it
      assertFalse(runner.hasResult(op));
      long start = System.nanoTime();
      runner.materialize(ImmutableSlowOp.builder().label("abandoned").build()); // same uuid, no sleep
      long waited = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
      assertTrue(waited <= LEASE_SECONDS + 5, "waited " + waited + " s for a " + LEASE_SECONDS + " s lease");
      assertEquals(OpState.COMPLETED, runner.status(op).state());
      assertArrayEquals(new double[] {0, 1, 2}, runner.toDoubleArray(op));
    }
    assertEquals(List.of("abandoned", "abandoned"), S3TestSupport.lines(counter));
    try (S3Client s3 = S3TestSupport.client(SharedS3Mock.server())) {
      assertThrows(NoSuchKeyException.class, () -> s3.getObject(r -> r.bucket(S3MockServer.BUCKET)
          .key(S3TestSupport.key(store, op.uuid(), ".lease")))); // released by the runner that took it over
    }
  }

  @Test
  void withoutCredentialsOpeningTheStoreIsOneLineWithAHint() throws Exception {
    Map<String, String> env = new java.util.HashMap<>();
    for (String name : System.getenv().keySet()) {
      if (name.startsWith("AWS_")) {
        env.put(name, null);
      }
    }
    env.put("AWS_ACCESS_KEY_ID", null);
    env.put("AWS_SECRET_ACCESS_KEY", null);
    env.put("AWS_CONFIG_FILE", scratch.resolve("no-config").toString());
    env.put("AWS_SHARED_CREDENTIALS_FILE", scratch.resolve("no-credentials").toString());
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    Process process = start(SharedS3Mock.server(), "nocreds", env, "open", store);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS));
    String out = output(process);
    assertEquals(1, process.exitValue(), out);
    assertTrue(out.startsWith("error: " + store + " at " + SharedS3Mock.server().endpoint()
        + ": no AWS credentials found; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"), out);
    assertEquals(1, out.strip().lines().count(), out);
  }
}
