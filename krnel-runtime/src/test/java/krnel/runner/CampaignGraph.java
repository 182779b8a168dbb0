package krnel.runner;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import krnel.graph.OpSpec;

/**
 * The graph the reliability suite's runner processes compute: small and large results (a few MB of
 * Parquet, so kills land inside writes), a streamed one, and chains that read them back.
 */
final class CampaignGraph {
  private CampaignGraph() {}

  static List<OpSpec> ops() {
    CountedOp small = ImmutableCountedOp.builder().label("small").build();
    CountedOp large = ImmutableCountedOp.builder().label("large").rows(400_000).build();
    CountedOp streamed = ImmutableCountedOp.builder().label("streamed").rows(60_000).streamed(true).build();
    ShiftedOp largePlus = ImmutableShiftedOp.builder().input(large).shift(1.5).build();
    ShiftedOp largePlusMinus = ImmutableShiftedOp.builder().input(largePlus).shift(-2).build();
    ShiftedOp streamedPlus = ImmutableShiftedOp.builder().input(streamed).shift(10).build();
    ShiftedOp smallPlus = ImmutableShiftedOp.builder().input(small).shift(0.25).build();
    CountedOp medium = ImmutableCountedOp.builder().label("medium").rows(100_000).build();
    return List.of(small, large, streamed, largePlus, largePlusMinus, streamedPlus, smallPlus, medium);
  }

  /** {@link #ops} in an order drawn from {@code seed}: runners racing on one store meet in different places. */
  static List<OpSpec> shuffled(long seed) {
    List<OpSpec> ops = new ArrayList<>(ops());
    Collections.shuffle(ops, new Random(seed));
    return ops;
  }

  static KrnelModule module(Path counter) {
    return new KrnelModule() {
      @Override
      protected void configure() {
        implement(new CountedImplementation(counter, "1"));
        implement(new ShiftedImplementation(counter));
      }
    };
  }

  /**
   * A runner process: computes the campaign graph on a directory store. Arguments: store directory,
   * counter file, shuffle seed.
   */
  public static void main(String[] args) {
    try (Runner runner = Runner.open(args[0], module(Path.of(args[1])))) {
      System.out.println("started");
      System.out.flush();
      for (OpSpec op : shuffled(Long.parseLong(args[2]))) {
        runner.materialize(op);
      }
      System.out.println("finished");
    }
  }
}
