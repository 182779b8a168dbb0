package krnel.runner;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import krnel.graph.OpSpec;

/**
 * The reliability suite's tools: {@link CampaignGraph} runner processes on a store, the results of
 * a clean run to compare with, and checks of what a store holds.
 */
final class CampaignStore {
  /** What an op's directory may hold once every runner is done with it. */
  static final Set<String> FINAL_NAMES = Set.of(".lock", "done", "result.parquet", "result.json", "status.json");

  private CampaignStore() {}

  /** A runner process computing the campaign graph on {@code store}, in the order {@code seed} draws. */
  static Process start(Path store, Path counter, long seed, Path log) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(arg -> arg.startsWith("--add-opens") || arg.startsWith("-Djava.io.tmpdir")).toList());
    // small and quick to start: many of these run, on a shared machine
    command.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto"));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), CampaignGraph.class.getName(),
        store.toString(), counter.toString(), Long.toString(seed)));
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  static Path dir(Path store, OpSpec op) {
    String[] parts = Store.split(op.uuid());
    return store.resolve(parts[0]).resolve(parts[1]);
  }

  /** The campaign graph computed in this process on {@code store}: each op's values, by uuid. */
  static Map<String, double[]> cleanRun(Path store) {
    Map<String, double[]> values = new LinkedHashMap<>();
    try (Runner runner = Runner.open(store.toString(), CampaignGraph.module(null))) {
      runner.materialize(CampaignGraph.ops());
      for (OpSpec op : CampaignGraph.ops()) {
        values.put(op.uuid(), runner.toDoubleArray(op));
      }
    }
    return values;
  }

  /** Files in the op directories of {@code store} that no finished runner leaves (temporaries). */
  static List<Path> leftovers(Path store) throws IOException {
    if (!Files.isDirectory(store)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(store, 3)) {
      return files.filter(p -> store.relativize(p).getNameCount() == 3 && !FINAL_NAMES.contains(p.getFileName().toString()))
          .toList();
    }
  }
}
