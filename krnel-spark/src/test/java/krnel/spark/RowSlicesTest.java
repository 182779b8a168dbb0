package krnel.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import krnel.spark.RowSlices.Slice;
import org.junit.jupiter.api.Test;

class RowSlicesTest {
  @Test
  void fewRowsAreCutEvenly() {
    assertEquals(List.of(new Slice(0, 0, 4), new Slice(1, 4, 8), new Slice(2, 8, 10)), RowSlices.of(10, 3, 100));
  }

  @Test
  void moreTasksThanRowsGiveOneRowEach() {
    assertEquals(List.of(new Slice(0, 0, 1), new Slice(1, 1, 2)), RowSlices.of(2, 50, 100));
  }

  @Test
  void noRowsIsOneEmptySlice() {
    assertEquals(List.of(new Slice(0, 0, 0)), RowSlices.of(0, 4, 100));
  }

  /** With a row group per task or more, slices hold whole row groups, so the parts' row groups are copied. */
  @Test
  void manyRowsAreCutOnRowGroups() {
    assertEquals(List.of(new Slice(0, 0, 300), new Slice(1, 300, 600), new Slice(2, 600, 650)), RowSlices.of(650, 3, 100));
    assertEquals(List.of(new Slice(0, 0, 200), new Slice(1, 200, 400)), RowSlices.of(400, 2, 100));
  }
}
