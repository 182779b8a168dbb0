package krnel.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import krnel.ops.GroupedOp;
import krnel.ops.ImmutableGroupedOp;
import krnel.ops.ImmutableLoadInlineJsonDatasetOp;
import krnel.ops.ImmutableTakeRowsOp;
import krnel.ops.LoadInlineJsonDatasetOp;
import krnel.ops.TakeRowsOp;
import krnel.types.Dataset;
import org.junit.jupiter.api.Test;

/**
 * Graphs far deeper and wider than krnel-graph handles (its cold uuid fails beyond ~89 nested ops,
 * reference §1.2 and §7.7): every traversal must be iterative. Each test runs on a new thread with
 * the JVM's default stack size, as the main thread's stack is often larger. Nothing is timed.
 */
class DeepGraphTest {
  private static final int DEPTH = 100_000;
  private static final LoadInlineJsonDatasetOp BOTTOM =
      ImmutableLoadInlineJsonDatasetOp.builder().data(Map.of("x", List.of(1, 2, 3))).build();

  /** A chain of {@link #DEPTH} TakeRowsOps on {@link #BOTTOM}; no uuid is computed while building. */
  private static TakeRowsOp chain(Dataset bottom) {
    Dataset previous = bottom;
    for (int i = 0; i < DEPTH; i++) {
      previous = ImmutableTakeRowsOp.builder().dataset(previous).offset(i % 7).build();
    }
    return (TakeRowsOp) previous;
  }

  @Test
  void coldUuidOfAVeryDeepChain() throws Throwable {
    onDefaultStack(() -> {
      TakeRowsOp top = chain(BOTTOM);
      String uuid = top.uuid();
      assertTrue(uuid.startsWith("TakeRowsOp_"), uuid);
      TakeRowsOp again = chain(BOTTOM);
      assertEquals(top.hashCode(), again.hashCode(), "deterministic");
      assertEquals(top, again);
      // A change at the bottom reaches the top.
      assertNotEquals(uuid, top.subs(BOTTOM, Map.of("data", Map.of("x", List.of(4)))).uuid());
    });
  }

  @Test
  void dependenciesOfAVeryDeepChain() throws Throwable {
    onDefaultStack(() -> {
      TakeRowsOp top = chain(BOTTOM);
      List<OpSpec> all = top.dependencies(true);
      assertEquals(DEPTH, all.size());
      assertEquals(BOTTOM, all.get(0), "post-order: the bottom first");
      assertSame(top.dataset(), all.get(DEPTH - 1));
      assertEquals(List.of(top.dataset()), top.dependencies());
      assertEquals(DEPTH + 1, Graph.allOps(List.of(top)).size());
    });
  }

  @Test
  void pseudocodeOfAVeryDeepChain() throws Throwable {
    onDefaultStack(() -> {
      TakeRowsOp top = chain(BOTTOM);
      String code = top.toCode();
      assertTrue(code.startsWith("// Graph for " + top.uuid() + "\nLoadInlineJsonDatasetOp "), code.substring(0, 200));
      long takes = code.lines().filter(line -> line.startsWith("TakeRowsOp ")).count();
      assertEquals(DEPTH, takes);
      assertTrue(top.toString().startsWith("TakeRowsOp take_"), top.toString());
    });
  }

  @Test
  void substitutingTheBottomOfAVeryDeepChain() throws Throwable {
    onDefaultStack(() -> {
      TakeRowsOp top = chain(BOTTOM);
      LoadInlineJsonDatasetOp otherBottom = ImmutableLoadInlineJsonDatasetOp.builder().data(Map.of("x", List.of(4))).build();
      Dataset moved = top.subs(BOTTOM, otherBottom);
      assertEquals(chain(otherBottom).uuid(), moved.uuid());
      assertEquals(otherBottom, moved.dependencies(true).get(0));

      Dataset changed = top.subs(BOTTOM, Map.of("data", Map.of("x", List.of(4))));
      assertEquals(moved, changed);
      assertEquals(top, moved.subs(otherBottom, BOTTOM), "and back");
    });
  }

  @Test
  void aVeryWideOp() throws Throwable {
    onDefaultStack(() -> {
      List<OpSpec> ops = new ArrayList<>();
      for (int i = 0; i < DEPTH; i++) {
        ops.add(ImmutableTakeRowsOp.builder().dataset(BOTTOM).offset(i).build());
      }
      GroupedOp wide = ImmutableGroupedOp.builder().ops(ops).build();
      assertTrue(wide.uuid().startsWith("GroupedOp_"));
      assertEquals(DEPTH + 1, wide.dependencies(true).size());
      assertEquals(DEPTH, wide.dependencies().size());
    });
  }

  /** Runs {@code body} on a new thread with the default stack size, rethrowing what it throws. */
  private static void onDefaultStack(Runnable body) throws Throwable {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread thread = new Thread(() -> {
      try {
        body.run();
      } catch (Throwable t) {
        failure.set(t);
      }
    }, "default-stack");
    thread.start();
    thread.join();
    if (failure.get() != null) {
      throw failure.get();
    }
  }
}
