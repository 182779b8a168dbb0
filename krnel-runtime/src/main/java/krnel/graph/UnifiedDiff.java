package krnel.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A line-based unified diff that reproduces Python's {@code difflib.unified_diff} exactly, so that
 * diffs shown by Java and by the Python krnel-graph are identical for the same inputs.
 *
 * <p>The matching is a port of {@code difflib.SequenceMatcher} with {@code isjunk=None} and {@code
 * autojunk=True}: the longest matching block is found, then the parts on either side of it are
 * matched the same way. Any other algorithm (Myers, patience, ...) would produce valid but
 * different hunks, so the details below, down to tie-breaking, follow CPython's {@code difflib.py}.
 */
public final class UnifiedDiff {

  /** Lines of context around each change, difflib's default {@code n=3}. */
  private static final int CONTEXT = 3;

  private UnifiedDiff() {}

  /**
   * Returns what Python returns for {@code "\n".join(difflib.unified_diff(a, b, fromfile=fromFile,
   * tofile=toFile, lineterm=""))}: a {@code --- fromFile} line, a {@code +++ toFile} line, then
   * hunks such as {@code @@ -1,3 +1,4 @@} with three lines of context, joined by {@code "\n"} with
   * no trailing newline. Equal inputs (including two empty ones) give {@code ""}.
   *
   * @param a the old lines, without line terminators
   * @param b the new lines, without line terminators
   * @param fromFile the name shown after {@code ---}
   * @param toFile the name shown after {@code +++}
   * @return the diff, or {@code ""} if {@code a} and {@code b} are equal
   */
  public static String of(List<String> a, List<String> b, String fromFile, String toFile) {
    Objects.requireNonNull(fromFile, "fromFile");
    Objects.requireNonNull(toFile, "toFile");
    List<String> out = new ArrayList<>();
    for (List<Op> group : groupedOpcodes(opcodes(new Matcher(a, b).matchingBlocks()))) {
      if (out.isEmpty()) {
        out.add("--- " + fromFile);
        out.add("+++ " + toFile);
      }
      Op first = group.get(0);
      Op last = group.get(group.size() - 1);
      out.add("@@ -" + range(first.i1, last.i2) + " +" + range(first.j1, last.j2) + " @@");
      for (Op op : group) {
        if (op.tag == Tag.EQUAL) {
          for (String line : a.subList(op.i1, op.i2)) out.add(" " + line);
          continue;
        }
        if (op.tag == Tag.REPLACE || op.tag == Tag.DELETE) {
          for (String line : a.subList(op.i1, op.i2)) out.add("-" + line);
        }
        if (op.tag == Tag.REPLACE || op.tag == Tag.INSERT) {
          for (String line : b.subList(op.j1, op.j2)) out.add("+" + line);
        }
      }
    }
    return String.join("\n", out);
  }

  /** difflib's {@code _format_range_unified}: "start,length" with 1-based start, "start" if 1. */
  private static String range(int start, int stop) {
    int beginning = start + 1;
    int length = stop - start;
    if (length == 1) return Integer.toString(beginning);
    // An empty range is named by the line just before it, e.g. "-0,0" for an insert at the top.
    if (length == 0) beginning--;
    return beginning + "," + length;
  }

  private enum Tag {
    EQUAL,
    REPLACE,
    DELETE,
    INSERT
  }

  /** An opcode: {@code a[i1:i2]} relates to {@code b[j1:j2]} as {@code tag} says. */
  private record Op(Tag tag, int i1, int i2, int j1, int j2) {}

  /** {@code SequenceMatcher.get_opcodes}: turns matching blocks into edit operations. */
  private static List<Op> opcodes(List<int[]> matchingBlocks) {
    List<Op> ops = new ArrayList<>();
    int i = 0;
    int j = 0;
    for (int[] block : matchingBlocks) {
      int ai = block[0];
      int bj = block[1];
      int size = block[2];
      if (i < ai && j < bj) ops.add(new Op(Tag.REPLACE, i, ai, j, bj));
      else if (i < ai) ops.add(new Op(Tag.DELETE, i, ai, j, bj));
      else if (j < bj) ops.add(new Op(Tag.INSERT, i, ai, j, bj));
      i = ai + size;
      j = bj + size;
      if (size > 0) ops.add(new Op(Tag.EQUAL, ai, i, bj, j));
    }
    return ops;
  }

  /**
   * {@code SequenceMatcher.get_grouped_opcodes(3)}: splits the opcodes into hunks, cutting equal
   * runs longer than twice the context and trimming the leading and trailing equal runs.
   */
  private static List<List<Op>> groupedOpcodes(List<Op> codes) {
    codes = new ArrayList<>(codes);
    if (codes.isEmpty()) codes.add(new Op(Tag.EQUAL, 0, 1, 0, 1));
    Op head = codes.get(0);
    if (head.tag == Tag.EQUAL) {
      codes.set(
          0,
          new Op(
              Tag.EQUAL,
              Math.max(head.i1, head.i2 - CONTEXT),
              head.i2,
              Math.max(head.j1, head.j2 - CONTEXT),
              head.j2));
    }
    Op tail = codes.get(codes.size() - 1);
    if (tail.tag == Tag.EQUAL) {
      codes.set(
          codes.size() - 1,
          new Op(
              Tag.EQUAL,
              tail.i1,
              Math.min(tail.i2, tail.i1 + CONTEXT),
              tail.j1,
              Math.min(tail.j2, tail.j1 + CONTEXT)));
    }

    List<List<Op>> groups = new ArrayList<>();
    List<Op> group = new ArrayList<>();
    for (Op op : codes) {
      int i1 = op.i1;
      int j1 = op.j1;
      if (op.tag == Tag.EQUAL && op.i2 - i1 > 2 * CONTEXT) {
        group.add(
            new Op(
                Tag.EQUAL, i1, Math.min(op.i2, i1 + CONTEXT), j1, Math.min(op.j2, j1 + CONTEXT)));
        groups.add(group);
        group = new ArrayList<>();
        i1 = Math.max(i1, op.i2 - CONTEXT);
        j1 = Math.max(j1, op.j2 - CONTEXT);
      }
      group.add(new Op(op.tag, i1, op.i2, j1, op.j2));
    }
    if (!group.isEmpty() && !(group.size() == 1 && group.get(0).tag == Tag.EQUAL)) {
      groups.add(group);
    }
    return groups;
  }

  /** The matching half of {@code difflib.SequenceMatcher(None, a, b)}. */
  private static final class Matcher {
    /** Lines as small ints; equal ids exactly when the strings are equal. */
    private final int[] a;

    private final int[] b;

    /**
     * For each id, the ascending indices where it occurs in b ({@code b2j}); null when it does not
     * occur in b or is "popular" (see the constructor).
     */
    private final int[][] b2j;

    /**
     * The dynamic-programming rows of {@code find_longest_match}: {@code prevLen[j]} is the length
     * of the match ending at {@code a[i-1], b[j]}. Python uses a fresh dict per row; we reuse two
     * arrays and zero only the entries a row touched, which keeps each row proportional to the
     * number of matches instead of to {@code len(b)}.
     */
    private int[] prevLen;

    private int[] curLen;
    private int[] prevTouched;
    private int[] curTouched;

    Matcher(List<String> a, List<String> b) {
      Map<String, Integer> ids = new HashMap<>();
      this.b = intern(b, ids);
      this.a = intern(a, ids);

      int n = this.b.length;
      int[] counts = new int[ids.size()];
      for (int id : this.b) counts[id]++;
      // difflib's autojunk: in a b of 200+ lines, a line occurring more than 1% + 1 times (blank
      // lines, closing braces) is dropped from b2j, so it never seeds a match. It may still be
      // absorbed when a match is extended, as below.
      int maxCount = n >= 200 ? n / 100 + 1 : Integer.MAX_VALUE;
      b2j = new int[ids.size()][];
      for (int id = 0; id < counts.length; id++) {
        if (counts[id] > 0 && counts[id] <= maxCount) b2j[id] = new int[counts[id]];
      }
      int[] filled = new int[ids.size()];
      for (int j = 0; j < n; j++) {
        int[] indices = b2j[this.b[j]];
        if (indices != null) indices[filled[this.b[j]]++] = j;
      }

      prevLen = new int[n];
      curLen = new int[n];
      prevTouched = new int[n];
      curTouched = new int[n];
    }

    private static int[] intern(List<String> lines, Map<String, Integer> ids) {
      int[] out = new int[lines.size()];
      int k = 0;
      for (String line : lines) {
        Objects.requireNonNull(line, "line");
        Integer id = ids.putIfAbsent(line, ids.size());
        out[k++] = id == null ? ids.size() - 1 : id;
      }
      return out;
    }

    /**
     * {@code get_matching_blocks}: {i, j, size} triples in increasing order, adjacent blocks
     * merged, ending with the sentinel {len(a), len(b), 0}. Like difflib, this uses an explicit
     * work list rather than recursion, so long inputs cannot overflow the stack.
     */
    List<int[]> matchingBlocks() {
      List<int[]> blocks = new ArrayList<>();
      Deque<int[]> work = new ArrayDeque<>();
      work.push(new int[] {0, a.length, 0, b.length});
      while (!work.isEmpty()) {
        int[] r = work.pop();
        int alo = r[0];
        int ahi = r[1];
        int blo = r[2];
        int bhi = r[3];
        int[] m = findLongestMatch(alo, ahi, blo, bhi);
        int i = m[0];
        int j = m[1];
        int k = m[2];
        if (k > 0) {
          blocks.add(m);
          if (alo < i && blo < j) work.push(new int[] {alo, i, blo, j});
          if (i + k < ahi && j + k < bhi) work.push(new int[] {i + k, ahi, j + k, bhi});
        }
      }
      blocks.sort(
          Comparator.<int[]>comparingInt(x -> x[0])
              .thenComparingInt(x -> x[1])
              .thenComparingInt(x -> x[2]));

      List<int[]> merged = new ArrayList<>();
      int i1 = 0;
      int j1 = 0;
      int k1 = 0;
      for (int[] m : blocks) {
        if (i1 + k1 == m[0] && j1 + k1 == m[1]) {
          k1 += m[2];
        } else {
          if (k1 > 0) merged.add(new int[] {i1, j1, k1});
          i1 = m[0];
          j1 = m[1];
          k1 = m[2];
        }
      }
      if (k1 > 0) merged.add(new int[] {i1, j1, k1});
      merged.add(new int[] {a.length, b.length, 0});
      return merged;
    }

    /**
     * {@code find_longest_match(alo, ahi, blo, bhi)}: the longest block {@code a[i:i+k] ==
     * b[j:j+k]} within the ranges, earliest in a, then earliest in b; {i, j, k} with k = 0 if none.
     * With {@code isjunk=None} difflib's junk-extension loops never run, so they are left out.
     */
    private int[] findLongestMatch(int alo, int ahi, int blo, int bhi) {
      int besti = alo;
      int bestj = blo;
      int bestSize = 0;
      int prevCount = 0;
      for (int i = alo; i < ahi; i++) {
        int curCount = 0;
        int[] js = b2j[a[i]];
        if (js != null) {
          for (int j : js) {
            if (j < blo) continue;
            if (j >= bhi) break;
            // prevLen holds only entries in [blo, bhi) from row i-1, so prevLen[blo-1] reads 0.
            int k = (j > 0 ? prevLen[j - 1] : 0) + 1;
            curLen[j] = k;
            curTouched[curCount++] = j;
            if (k > bestSize) {
              besti = i - k + 1;
              bestj = j - k + 1;
              bestSize = k;
            }
          }
        }
        for (int t = 0; t < prevCount; t++) prevLen[prevTouched[t]] = 0;
        int[] swap = prevLen;
        prevLen = curLen;
        curLen = swap;
        swap = prevTouched;
        prevTouched = curTouched;
        curTouched = swap;
        prevCount = curCount;
      }
      for (int t = 0; t < prevCount; t++) prevLen[prevTouched[t]] = 0;

      // Popular lines were kept out of b2j, so grow the block over equal neighbours on both sides;
      // this is how e.g. a run of blank lines next to a real match becomes part of it.
      while (besti > alo && bestj > blo && a[besti - 1] == b[bestj - 1]) {
        besti--;
        bestj--;
        bestSize++;
      }
      while (besti + bestSize < ahi
          && bestj + bestSize < bhi
          && a[besti + bestSize] == b[bestj + bestSize]) {
        bestSize++;
      }
      return new int[] {besti, bestj, bestSize};
    }
  }
}
