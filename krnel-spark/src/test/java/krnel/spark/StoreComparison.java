package krnel.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import krnel.runner.OpStatus;

/** Two stores hold the same results: the same op directories, result files byte for byte, statuses alike but for times. */
final class StoreComparison {
  private StoreComparison() {}

  static List<String> opDirectories(Path store) throws IOException {
    try (Stream<Path> files = Files.walk(store)) {
      return files.filter(p -> p.getFileName().toString().equals("status.json"))
          .map(p -> store.relativize(p.getParent()).toString()).sorted().toList();
    }
  }

  /** Asserts that {@code actual} holds what {@code expected} holds; returns how many result files were compared. */
  static int assertSameResults(Path expected, Path actual) throws IOException {
    List<String> ops = opDirectories(expected);
    assertEquals(ops, opDirectories(actual), "the same ops have statuses");
    int compared = 0;
    for (String op : ops) {
      Path a = expected.resolve(op);
      Path b = actual.resolve(op);
      for (String name : List.of("result.parquet", "result.json", "done")) {
        assertEquals(Files.exists(a.resolve(name)), Files.exists(b.resolve(name)), op + "/" + name);
        if (Files.exists(a.resolve(name))) {
          assertArrayEquals(Files.readAllBytes(a.resolve(name)), Files.readAllBytes(b.resolve(name)), op + "/" + name + " differs");
          compared += name.equals("done") ? 0 : 1;
        }
      }
      OpStatus sa = OpStatus.fromJson(Files.readString(a.resolve("status.json")));
      OpStatus sb = OpStatus.fromJson(Files.readString(b.resolve("status.json")));
      assertEquals(sa.state(), sb.state(), op + " state");
      assertEquals(sa.implementationVersion(), sb.implementationVersion(), op + " implementation version");
      assertEquals(sa.provenance(), sb.provenance(), op + " provenance");
      assertEquals(sa.op().uuid(), sb.op().uuid(), op);
    }
    return compared;
  }
}
