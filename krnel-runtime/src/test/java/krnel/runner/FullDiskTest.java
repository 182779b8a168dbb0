package krnel.runner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store on a full disk (a 256 KB tmpfs, where the tests may mount one, filled but for 32 KiB):
 * storing a larger result fails the op with the disk's error, its Arrow memory is released, no
 * temporary stays, and the store keeps working for results that fit. The counted op's doubles (0,
 * 1, 2, ...) compress 40 times with BYTE_STREAM_SPLIT (2,000,000 of them: 46 KB), hence the filler
 * rather than a smaller disk, which would leave no room for the small result.
 */
class FullDiskTest {
  @TempDir Path scratch;

  @Test
  void aFullDiskFailsTheOpAndLeaksNothing() throws Exception {
    try (Tmpfs disk = Tmpfs.mount(scratch.resolve("disk"), "size=256k")) {
      CountedOp table = ImmutableCountedOp.builder().label("too-large").rows(2_000_000).build();
      CountedOp streamed = ImmutableCountedOp.builder().label("too-large-streamed").rows(2_000_000).streamed(true).build();
      CountedOp small = ImmutableCountedOp.builder().label("fits").build();
      Runner runner = Runner.open(disk.dir().toString(), CountedImplementation.module(null, "1"));
      Path filler = disk.dir().resolve("filler");
      long free = Files.getFileStore(disk.dir()).getUsableSpace();
      Files.write(filler, new byte[(int) (free - (32 << 10))]);
      for (CountedOp op : List.of(table, streamed)) {
        OpFailedException failure = assertThrows(OpFailedException.class, () -> runner.materialize(op));
        assertTrue(failure.getMessage().contains("cannot store the result in " + disk.dir() + ": "), failure.getMessage());
        assertTrue(failure.getMessage().contains("No space left on device"), failure.getMessage());
        OpStatus status = runner.status(op);
        assertEquals(OpState.FAILED, status.state(), "what `krnel status --state failed` lists");
        assertTrue(status.error().contains("No space left on device"), status.error());
        try (Stream<Path> files = Files.list(CampaignStore.dir(disk.dir(), op))) {
          assertEquals(List.of(".lock", "status.json"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
      }
      runner.materialize(small); // the space of the failed writes was given back
      assertArrayEquals(new double[] {0, 1, 2}, runner.toDoubleArray(small));
      runner.close(); // its allocator fails here if a result's memory leaked
    }
  }
}
