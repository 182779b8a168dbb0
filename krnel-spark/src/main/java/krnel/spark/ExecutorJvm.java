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
 * krnel-onnx keeps one ONNX session per model and layer per JVM, shared by the concurrent tasks),
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

  /**
   * ONNX Runtime threads per session: what Spark gives a task ({@code spark.task.cpus}), since the
   * executor's concurrent tasks share its sessions; a value set with -D on the executor wins.
   */
  static void limitModelThreads(int threadsPerTask) {
    if (System.getProperty("krnel.onnx.intraOpThreads") == null) {
      System.setProperty("krnel.onnx.intraOpThreads", Integer.toString(threadsPerTask));
    }
  }
}
