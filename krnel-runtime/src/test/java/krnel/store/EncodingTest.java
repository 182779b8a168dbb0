package krnel.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hybrid RLE/bit-packed level encoding and the pure-Java Snappy decoder. */
class EncodingTest {
  @Test
  void levelRunsSurviveTheHybridEncodingAtEveryWidth() {
    Random random = new Random(3);
    for (int width = 1; width <= 12; width++) {
      for (int trial = 0; trial < 50; trial++) {
        LevelRuns runs = new LevelRuns();
        int[] expected = new int[5_000];
        int n = 0;
        while (n < expected.length) {
          int value = random.nextInt(1 << width);
          int count =
              Math.min(
                  expected.length - n,
                  random.nextBoolean() ? 1 + random.nextInt(3) : 1 + random.nextInt(40));
          runs.add(value, count);
          for (int i = 0; i < count; i++) {
            expected[n++] = value;
          }
        }
        PageBuffer out = new PageBuffer(16);
        runs.encode(width, out);
        int[] decoded = new int[n];
        RleDecoder.decode(out.contents().order(ByteOrder.LITTLE_ENDIAN), width, decoded, n);
        assertArrayEquals(expected, decoded, "width " + width);
      }
    }
  }

  @Test
  void aVectorRowsLevelsTakeAFewBytes() {
    LevelRuns rep = new LevelRuns();
    for (int row = 0; row < 100; row++) {
      rep.add(0, 1);
      rep.add(1, 767);
    }
    PageBuffer out = new PageBuffer(16);
    rep.encode(1, out);
    assertEquals(true, out.size() < 100 * 8, "bytes: " + out.size());
  }

  @Test
  void snappyLiteralsAndOverlappingCopies() {
    // "abcabcabcabcXYZ": literal "abc", copy (offset 3, length 9, overlapping), literal "XYZ"
    byte[] block = {
      15, // varint length
      (2 << 2),
      'a',
      'b',
      'c', // literal of 3
      (byte) (1 | ((9 - 4) << 2)),
      3, // copy, 1-byte offset: length 9, offset 3
      (2 << 2),
      'X',
      'Y',
      'Z'
    };
    ByteBuffer out = Snappy.decompress(ByteBuffer.wrap(block), 15);
    assertEquals("abcabcabcabcXYZ", StandardCharsets.US_ASCII.decode(out).toString());

    byte[] twoByteOffset = {6, (1 << 2), 'h', 'i', (byte) (2 | (3 << 2)), 2, 0};
    assertEquals(
        "hihihi",
        StandardCharsets.US_ASCII
            .decode(Snappy.decompress(ByteBuffer.wrap(twoByteOffset), 6))
            .toString());
  }
}
