package krnel.spark;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import krnel.graph.GraphJson;
import krnel.graph.OpSpec;
import krnel.runner.Implementations;
import krnel.runner.OpImplementation;
import krnel.runner.Runner;
import krnel.runner.Store;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * What an executor JVM keeps across tasks: the implementations (and through them the loaded models:
 * krnel-onnx keeps one ONNX session per model and layer per JVM, whose runs the concurrent tasks take in turn),
 * the stores it reads, the ops it has rebuilt.
 */
final class ExecutorJvm {
  private static final BufferAllocator ALLOCATOR = new RootAllocator();
  private static final Map<String, Runner> STORES = new ConcurrentHashMap<>();
  private static final Map<String, OpSpec> OPS = new ConcurrentHashMap<>();
  private static Implementations implementations;

  static {
    QuietLog4j.djl(); // before the first tokenizer loads DJL
  }

  private ExecutorJvm() {}

  static BufferAllocator allocator() {
    return ALLOCATOR;
  }

  static Store store(String uri) {
    return STORES.computeIfAbsent(uri, Runner::open).store();
  }

  /**
   * The implementation the driver chose, from this JVM's classpath: a custom op's implementation
   * must be registered there too ({@code @Implementation} or META-INF/services), not only in a
   * Guice module given to the driver's runner.
   */
  @SuppressWarnings("unchecked")
  static synchronized OpImplementation<OpSpec> implementation(OpSpec op, String expectedClass) {
    if (implementations == null) {
      implementations = Implementations.load();
    }
    OpImplementation<OpSpec> found;
    try {
      found = implementations.find(op);
    } catch (IllegalStateException e) {
      throw new IllegalStateException(e.getMessage() + " (on a Spark executor: ship the implementation's jar with"
          + " --jars and register it with @Implementation or META-INF/services/krnel.runner.KrnelModule)", e);
    }
    if (!found.getClass().getName().equals(expectedClass)) {
      throw new IllegalStateException(op.wireName() + ": the driver computes it with " + expectedClass
          + " but this executor's classpath chooses " + found.getClass().getName()
          + "; give executors the same jars as the driver (spark-submit --jars)");
    }
    return found;
  }

  static OpSpec op(String graphJson, String uuid) {
    return OPS.computeIfAbsent(uuid, key -> {
      List<OpSpec> outputs = GraphJson.read(graphJson);
      OpSpec op = outputs.get(0);
      if (!op.uuid().equals(key)) {
        throw new IllegalStateException("The op sent to the executor rebuilt as " + op.uuid() + ", not " + key
            + ": driver and executors have different op classes on their classpaths");
      }
      return op;
    });
  }

  /** ONNX Runtime's properties (krnel-onnx's ExecutionProviders and SessionTurns). */
  static final String INTRA_OP_THREADS = "krnel.onnx.intraOpThreads";
  static final String CONCURRENT_RUNS = "krnel.onnx.concurrentRuns";

  /**
   * How this executor's tasks run its model sessions, before the first session is made: with the
   * executor's {@code cores} known, each session gets that many intra-op threads and the tasks take
   * turns on it (one run at a time on every core); with {@code cores} 0 (only the cluster knows), the
   * tasks run side by side with {@code taskCpus} threads each. Either way at most the executor's cores
   * compute a model. What is set with -D on the executor wins.
   */
  static void layOutModelThreads(int cores, int taskCpus) {
    if (System.getProperty(INTRA_OP_THREADS) == null) {
      System.setProperty(INTRA_OP_THREADS, Integer.toString(cores > 0 ? cores : taskCpus));
    }
    if (cores == 0 && System.getProperty(CONCURRENT_RUNS) == null) {
      System.setProperty(CONCURRENT_RUNS, "true");
    }
  }
}
