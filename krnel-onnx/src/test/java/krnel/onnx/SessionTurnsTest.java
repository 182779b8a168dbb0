package krnel.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtSession;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import krnel.ops.LLMLayerActivationsOp.TokenMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Threads sharing a session take turns running it (what a Spark executor's tasks do), unless told not to. */
class SessionTurnsTest {
  private static final List<String> TEXTS = List.of("Free entry in a weekly competition!", "See you at lunch?",
      "Call now to claim your prize", "ok");

  private OrtSession session;
  private List<LayerActivations.Tokens> tokens;
  private ExecutorService other;

  @BeforeEach
  void setUp() throws Exception {
    OnnxModel model = OnnxModel.get(OnnxTesting.FP32);
    session = model.session(1, true, Device.CPU);
    tokens = OnnxTesting.tokenize(model, 128, TEXTS);
    other = Executors.newFixedThreadPool(4);
  }

  @AfterEach
  void tearDown() {
    other.shutdownNow();
    System.clearProperty(SessionTurns.CONCURRENT_RUNS);
  }

  @Test
  void aRunWaitsWhileAnotherThreadHasTheSessionsTurn() throws Exception {
    float[][] alone = activations();
    ReentrantLock turn = SessionTurns.turn(session);
    Future<float[][]> waiting;
    turn.lock();
    try {
      waiting = other.submit(this::activations);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!turn.hasQueuedThreads() && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertTrue(turn.hasQueuedThreads(), "the other thread's run should wait for the turn");
      Thread.sleep(100);
      assertFalse(waiting.isDone(), "no run while another thread has the turn");
    } finally {
      turn.unlock();
    }
    assertArrayEquals(alone, waiting.get(30, TimeUnit.SECONDS), "same session, same batches: the same floats");
  }

  @Test
  void concurrentRunsOverlapWhenAllowed() throws Exception {
    System.setProperty(SessionTurns.CONCURRENT_RUNS, "true");
    ReentrantLock turn = SessionTurns.turn(session);
    turn.lock();
    try {
      assertEquals(TEXTS.size(), other.submit(this::activations).get(30, TimeUnit.SECONDS).length);
    } finally {
      turn.unlock();
    }
  }

  @Test
  void atMostOneRunAtATimeWhateverTheCallers() throws Exception {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    List<Future<?>> callers = new java.util.ArrayList<>();
    for (int t = 0; t < 4; t++) {
      callers.add(other.submit(() -> {
        for (int i = 0; i < 20; i++) {
          SessionTurns.take(session, () -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // long enough for the others to overlap without turns
            running.decrementAndGet();
            return null;
          });
        }
        return null;
      }));
    }
    for (Future<?> caller : callers) {
      caller.get(30, TimeUnit.SECONDS);
    }
    assertEquals(1, most.get());
  }

  private float[][] activations() throws Exception {
    return LayerActivations.compute(session, tokens, TokenMode.MEAN, 2, n -> {}).rows();
  }
}
