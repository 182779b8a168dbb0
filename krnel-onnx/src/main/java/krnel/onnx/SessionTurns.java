package krnel.onnx;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The threads that run one ONNX session take turns: one run at a time, first come first served. A
 * session's intra-op threads are then all the cores its JVM may use (a Spark executor's cores), and
 * concurrent callers (an executor's tasks) tokenize, pool and write while another's run has the
 * cores. Two runs side by side, one thread each, cost up to 1.5x the CPU of the same rows run one
 * after the other on two threads (BENCHMARKS.md, issue 12), and two runs on all the cores each would
 * oversubscribe them. An uncontended turn (the local runner's one thread) costs nothing measurable.
 * {@code -D}{@value #CONCURRENT_RUNS}{@code =true} lets runs overlap again.
 */
final class SessionTurns {
  /** The system property that lets runs of one session overlap (set intra-op threads to match). */
  static final String CONCURRENT_RUNS = "krnel.onnx.concurrentRuns";

  private static final Map<OrtSession, ReentrantLock> TURNS = Collections.synchronizedMap(new WeakHashMap<>());

  private SessionTurns() {}

  /** A call into ONNX Runtime. */
  interface Run<T> {
    T run() throws OrtException;
  }

  /** {@code run}, once no other thread is running {@code session} (fair: in the order the threads asked). */
  static <T> T take(OrtSession session, Run<T> run) throws OrtException {
    if (Boolean.getBoolean(CONCURRENT_RUNS)) {
      return run.run();
    }
    ReentrantLock turn = turn(session);
    turn.lock();
    try {
      return run.run();
    } finally {
      turn.unlock();
    }
  }

  /** The session's turn: one fair lock per session, dropped with the session. */
  static ReentrantLock turn(OrtSession session) {
    return TURNS.computeIfAbsent(session, s -> new ReentrantLock(true));
  }
}
