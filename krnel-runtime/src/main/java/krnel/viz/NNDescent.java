package krnel.viz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;

/**
 * Approximate k nearest neighbours of every row by NN-descent (Dong, Charikar and Li, 2011), started
 * from a forest of random-projection trees: pynndescent's algorithm, with the parameters umap-learn
 * gives it ({@code n_trees = min(64, 5 + round(sqrt(n) / 20))}, {@code n_iters = max(5, round(log2 n))},
 * 60 candidates, leaves of {@code max(10, k)} rows, stop when fewer than 0.1% of the entries change).
 * One departure: above 64 dimensions the trees split a random 64-D projection of the rows rather
 * than the rows themselves (6x less to read at 384 dimensions, where the trees were most of the
 * time), 128-D from {@value #FINER_TREES_ROWS} rows on; NN-descent then works on exact distances. Each row's heap holds k other rows, as
 * pynndescent's heap of {@code n_neighbors} does before it meets the row itself; the worst is dropped
 * at the end (recall equal to or above pynndescent's at 10k-100k x 384).
 *
 * <p>Rows run in parallel, yet the result does not depend on the number of threads: every random
 * choice is a hash of the seed and of what it is about (the tree node, the pair of rows, the
 * iteration), and each step's updates land in per-row heaps ordered by (distance, index) that
 * reject duplicates, so a heap ends holding the k best of everything offered to it, in whatever
 * order the offers came. Memory is O(n k) beyond the data (the candidate lists are 60 ints a row).
 */
final class NNDescent {
  private static final int MAX_CANDIDATES = 60;
  private static final double DELTA = 0.001;
  private static final float MARGIN_EPSILON = 1e-8f;
  private static final int MAX_DEPTH = 200;
  private static final int FORK_ROWS = 20_000;
  private static final int TREE_DIMENSIONS = 64;
  /**
   * From this many rows the trees split a 128-D projection: at 1,000,000 x 384 the 64-D one started
   * the descent further off (recall 0.9979 against pynndescent's 0.9996; more rounds did not close
   * it), 128-D matched it (0.9996) at 0.79x pynndescent's time (BENCHMARKS.md). Up to 100,000 rows
   * 64-D already matches, and costs less.
   */
  private static final int FINER_TREES_ROWS = 500_000;
  private static final int FINER_TREE_DIMENSIONS = 128;

  /** {@code -Dkrnel.nnd.trace=true}: each phase's seconds and distances on stderr, for the benchmark. */
  private static final boolean TRACE = Boolean.getBoolean("krnel.nnd.trace");
  private static final LongAdder DISTANCES = new LongAdder();

  private final float[][] rows;
  private final SquaredDistance distance;
  private final long seed;
  private final Heaps graph;
  /** The rows as the trees see them: projected to at most {@link #treeDimensions}, one flat array. */
  private final float[] treeSpace;
  private final int treeDimensions;
  /** The order in which the descent joins rows: the first tree's leaves, so rows near in turn are near in space. */
  private int[] visitOrder;

  private NNDescent(float[][] rows, int neighbours, long seed, SquaredDistance distance) {
    this.rows = rows;
    this.distance = distance;
    this.seed = seed;
    this.graph = new Heaps(rows.length, neighbours);
    int projected = rows.length >= FINER_TREES_ROWS ? FINER_TREE_DIMENSIONS : TREE_DIMENSIONS;
    this.treeDimensions = Math.min(projected, rows[0].length);
    this.treeSpace = project(rows, treeDimensions, seed);
  }

  /**
   * The rows in {@code p} dimensions, flat: a copy when they have no more, else their product with a
   * Gaussian random matrix (Johnson-Lindenstrauss: distances kept to within a few tens of percent,
   * enough for splits that only have to keep near rows together; NN-descent then uses exact
   * distances). The splits read {@code p} floats a row instead of all of them.
   */
  private static float[] project(float[][] rows, int p, long seed) {
    int n = rows.length;
    int d = rows[0].length;
    float[] out = new float[n * p];
    if (p == d) {
      for (int i = 0; i < n; i++) {
        System.arraycopy(rows[i], 0, out, i * p, d);
      }
      return out;
    }
    java.util.Random random = new java.util.Random(mix(seed, 0x70726f6aL));
    float[] matrix = new float[d * p];
    for (int e = 0; e < matrix.length; e++) {
      matrix[e] = (float) random.nextGaussian();
    }
    IntStream.range(0, n).parallel().forEach(i -> {
      float[] row = rows[i];
      float[] sum = new float[p];
      for (int m = 0; m < d; m++) { // a loop over p with no carried sum: the JIT vectorizes it
        float value = row[m];
        int base = m * p;
        for (int j = 0; j < p; j++) {
          sum[j] += value * matrix[base + j];
        }
      }
      System.arraycopy(sum, 0, out, i * p, p);
    });
    return out;
  }

  /**
   * @param k neighbours per row, the row itself included (first, at distance 0), as
   *     {@link NearestNeighbors#of} returns them; needs {@code 2 <= k <= x.length}
   */
  static NearestNeighbors of(float[][] x, int k, boolean cosine, long seed) {
    return of(x, k, cosine, seed, SquaredDistance.FASTEST);
  }

  /** With a given distance kernel: every kernel gives the same bits, hence the same result (tested). */
  static NearestNeighbors of(float[][] x, int k, boolean cosine, long seed, SquaredDistance distance) {
    int n = x.length;
    if (k < 2 || k > n) {
      throw new IllegalArgumentException("NN-descent needs 2 <= k <= rows, got k = " + k + " for " + n + " rows");
    }
    // Heaps of k others, as pynndescent's of n_neighbors = k: its heaps make room for the row itself only
    // once a join finds it, ours never hold it, so k - 1 slots would carry one candidate fewer (recall at
    // 100,000 x 384: 0.9986 with k - 1, 0.9994 with k; pynndescent 0.9993). The worst one is dropped at the end.
    NNDescent search = new NNDescent(cosine ? NearestNeighbors.unitRows(x) : x, Math.min(n - 1, k), seed, distance);
    int trees = Math.min(64, 5 + (int) Math.round(Math.sqrt(n) / 20.0));
    int leafSize = Math.max(10, k);
    long start = System.nanoTime();
    // Trees are independent: building them side by side keeps every core busy from the root split on.
    List<List<int[]>> forest = IntStream.range(0, trees).parallel()
        .mapToObj(tree -> search.leaves(tree, leafSize)).toList();
    start = trace("trees", start);
    forest.parallelStream().forEach(search::addLeafPairs);
    search.visitInLeafOrder(forest.get(0));
    search.fillRandomly();
    start = trace("leaf pairs", start);
    int iterations = Math.max(5, (int) Math.round(Math.log(n) / Math.log(2)));
    for (int iteration = 0; iteration < iterations; iteration++) {
      long changed = search.descend(iteration);
      start = trace("round " + iteration + " (" + changed + " entries changed)", start);
      if (changed <= DELTA * k * n) { // pynndescent's delta * n_neighbors * n
        break;
      }
    }
    return search.result(cosine, k - 1);
  }

  private static long trace(String phase, long since) {
    long now = System.nanoTime();
    if (TRACE) {
      System.err.printf("NN-descent %s: %.2f s, %,d distances%n", phase, (now - since) / 1e9, DISTANCES.sumThenReset());
    }
    return now;
  }

  // ---------------------------------------------------------------- random-projection trees

  /** The leaves of one random-projection tree, each a run of row indices, in a fixed order. */
  private List<int[]> leaves(int tree, int leafSize) {
    int[] order = IntStream.range(0, rows.length).toArray();
    // The tree's own copy of the projected rows, reordered along with order: every split reads its rows in a run.
    Split root = new Split(order, treeSpace.clone(), 0, order.length, mix(seed, 0x7265657L + tree), leafSize, 0);
    root.invoke(); // in the caller's pool when it has one, else the common pool
    List<int[]> leaves = new ArrayList<>();
    root.collect(leaves);
    return leaves;
  }

  /**
   * One node: its rows are split by the hyperplane halfway between two of them chosen at random
   * (pynndescent's Euclidean split; on unit rows it is also its angular split), recursively,
   * until a part holds at most {@code leafSize} rows.
   */
  private final class Split extends RecursiveAction {
    private final int[] order;
    /** The projected row of {@code order[r]} at {@code r * treeDimensions}. */
    private final float[] space;
    private final int from;
    private final int to;
    private final long nodeSeed;
    private final int leafSize;
    private final int depth;
    private Split left;
    private Split right;

    Split(int[] order, float[] space, int from, int to, long nodeSeed, int leafSize, int depth) {
      this.order = order;
      this.space = space;
      this.from = from;
      this.to = to;
      this.nodeSeed = nodeSeed;
      this.leafSize = leafSize;
      this.depth = depth;
    }

    @Override
    protected void compute() {
      if (to - from <= leafSize || depth >= MAX_DEPTH) {
        return;
      }
      int middle = partition(new SplittableRandom(nodeSeed));
      left = new Split(order, space, from, middle, mix(nodeSeed, 1), leafSize, depth + 1);
      right = new Split(order, space, middle, to, mix(nodeSeed, 2), leafSize, depth + 1);
      if (to - from > FORK_ROWS) {
        invokeAll(left, right);
      } else {
        left.compute();
        right.compute();
      }
    }

    /** Reorders {@code order[from, to)} so that the rows on the first side come first; returns where the second starts. */
    private int partition(SplittableRandom random) {
      int size = to - from;
      int first = random.nextInt(size);
      int second = random.nextInt(size - 1);
      second += second >= first ? 1 : 0;
      int p = treeDimensions;
      float[] t = space;
      int a = (from + first) * p;
      int b = (from + second) * p;
      float[] normal = new float[p];
      double offset = 0;
      for (int m = 0; m < p; m++) {
        normal[m] = t[a + m] - t[b + m];
        offset -= normal[m] * (t[a + m] + t[b + m]) / 2.0;
      }
      boolean[] onFirstSide = new boolean[size];
      int firstCount = 0;
      for (int r = 0; r < size; r++) {
        double margin = offset + dot(normal, t, (from + r) * p);
        onFirstSide[r] = Math.abs(margin) < MARGIN_EPSILON ? random.nextBoolean() : margin > 0;
        firstCount += onFirstSide[r] ? 1 : 0;
      }
      if (firstCount == 0 || firstCount == size) { // a degenerate plane (duplicate rows): halve instead
        return from + size / 2;
      }
      // In place, from both ends: a row on the wrong side changes places with one on the other.
      int i = 0;
      int j = size - 1;
      while (true) {
        while (i < j && onFirstSide[i]) {
          i++;
        }
        while (i < j && !onFirstSide[j]) {
          j--;
        }
        if (i >= j) {
          return from + firstCount;
        }
        swap(from + i, from + j);
        i++;
        j--;
      }
    }

    private void swap(int r, int q) {
      int row = order[r];
      order[r] = order[q];
      order[q] = row;
      int p = treeDimensions;
      for (int m = 0; m < p; m++) {
        float value = space[r * p + m];
        space[r * p + m] = space[q * p + m];
        space[q * p + m] = value;
      }
    }

    void collect(List<int[]> leaves) {
      if (left == null) {
        leaves.add(Arrays.copyOfRange(order, from, to));
      } else {
        left.collect(leaves);
        right.collect(leaves);
      }
    }
  }

  /** Every pair of rows that share a leaf becomes a neighbour candidate of both. */
  private void addLeafPairs(List<int[]> leaves) {
    leaves.parallelStream().forEach(leaf -> {
      float[] scratch = scratch();
      for (int a = 0; a < leaf.length; a++) {
        for (int b = a + 1; b < leaf.length; b++) {
          offerPair(leaf[a], leaf[b], -1, scratch);
        }
      }
    });
  }

  private void visitInLeafOrder(List<int[]> leaves) {
    visitOrder = leaves.stream().flatMapToInt(Arrays::stream).toArray();
  }

  /** Rows whose heaps the trees left short get random rows, as pynndescent's {@code init_random} does. */
  private void fillRandomly() {
    int n = rows.length;
    IntStream.range(0, n).parallel().forEach(i -> {
      float[] scratch = graph.hasEmptySlot(i) ? scratch() : null;
      for (int attempt = 0; graph.hasEmptySlot(i) && attempt < 64 * graph.size; attempt++) {
        int j = (int) Math.floorMod(mix(seed ^ 0x52414e44L, (long) i * 1_000_003L + attempt), (long) n);
        if (j != i) {
          graph.offer(i, j, distance.between(rows[i], rows[j], scratch), -1);
        }
      }
    });
  }

  // ---------------------------------------------------------------- descent

  /** One round: each row's neighbours and reverse neighbours are joined pairwise; returns the entries that changed. */
  private long descend(int iteration) {
    int n = rows.length;
    Candidates fresh = new Candidates(n, iteration);
    Candidates old = new Candidates(n, iteration);
    IntStream.range(0, n).parallel().forEach(i -> {
      for (int slot = 0; slot < graph.size; slot++) {
        int j = graph.neighbour(i, slot);
        if (j >= 0) {
          Candidates target = graph.isNew(i, slot) ? fresh : old;
          target.offer(i, j);
          target.offer(j, i);
        }
      }
    });
    // Entries sampled as new candidates have been joined once: they are old from now on.
    IntStream.range(0, n).parallel().forEach(i -> {
      for (int slot = 0; slot < graph.size; slot++) {
        int j = graph.neighbour(i, slot);
        if (j >= 0 && graph.isNew(i, slot) && fresh.contains(i, j)) {
          graph.markOld(i, slot);
        }
      }
    });
    // Rows in leaf order: consecutive rows share candidates, which then come from the cache.
    IntStream.range(0, n).parallel().map(position -> visitOrder[position]).forEach(i -> {
      int[] news = fresh.of(i);
      int[] olds = old.of(i);
      float[] scratch = scratch();
      for (int a = 0; a < news.length; a++) {
        for (int b = a + 1; b < news.length; b++) {
          offerPair(news[a], news[b], iteration, scratch);
        }
        for (int c : olds) {
          offerPair(news[a], c, iteration, scratch);
        }
      }
    });
    return IntStream.range(0, n).parallel().mapToLong(i -> graph.insertedIn(i, iteration)).sum();
  }

  private void offerPair(int p, int q, int iteration, float[] scratch) {
    // A pair that each row already holds was offered before: offering it again changes neither heap.
    if (p == q || graph.holds(p, q) && graph.holds(q, p)) {
      return;
    }
    float d = distance.between(rows[p], rows[q], scratch);
    if (TRACE) {
      DISTANCES.increment();
    }
    graph.offer(p, q, d, iteration);
    graph.offer(q, p, d, iteration);
  }

  private float[] scratch() {
    return new float[SquaredDistance.scratchLength(rows[0].length)];
  }

  // ---------------------------------------------------------------- result

  /** Each row itself first, then its neighbours by exact (double) distance, ties by index. */
  private NearestNeighbors result(boolean cosine, int keep) {
    int n = rows.length;
    int[][] indices = new int[n][];
    double[][] distances = new double[n][];
    IntStream.range(0, n).parallel().forEach(i -> {
      int[] found = graph.neighbours(i);
      double[] exact = new double[found.length];
      Integer[] order = new Integer[found.length];
      for (int m = 0; m < found.length; m++) {
        exact[m] = NearestNeighbors.exactDistance(rows[i], rows[found[m]], cosine);
        order[m] = m;
      }
      Arrays.sort(order, (a, b) -> exact[a] != exact[b] ? Double.compare(exact[a], exact[b])
          : Integer.compare(found[a], found[b]));
      int kept = Math.min(keep, found.length);
      indices[i] = new int[kept + 1];
      distances[i] = new double[kept + 1];
      indices[i][0] = i;
      for (int m = 0; m < kept; m++) {
        indices[i][m + 1] = found[order[m]];
        distances[i][m + 1] = exact[order[m]];
      }
    });
    return new NearestNeighbors(indices, distances);
  }

  // ---------------------------------------------------------------- pieces

  /** 1024 monitors that rows share by their low bits: fewer objects than rows, little contention. */
  private static Object[] stripeLocks() {
    Object[] locks = new Object[1024];
    Arrays.setAll(locks, l -> new Object());
    return locks;
  }

  /**
   * Both per-row heaps keep one max-heap per row in a flat array, slots {@code base ..
   * base + size}; they share its sift-down and differ only in how two slots compare.
   */
  private interface MaxHeap {
    /** Slot {@code a}'s entry belongs above slot {@code b}'s (it is worse, so it is evicted first). */
    boolean above(int a, int b);

    void swap(int a, int b);

    /** Restores the heap below the root at {@code base} after the root was replaced. */
    static void siftDown(MaxHeap heap, int base, int size) {
      int p = 0;
      while (true) {
        int largest = p;
        for (int c = 2 * p + 1; c <= 2 * p + 2 && c < size; c++) {
          if (heap.above(base + c, base + largest)) {
            largest = c;
          }
        }
        if (largest == p) {
          return;
        }
        heap.swap(base + p, base + largest);
        p = largest;
      }
    }
  }

  /**
   * One bounded max-heap per row of its best neighbours so far, by (squared distance, index), with
   * a flag per entry (new since it was last joined) and the round that inserted it. Offers are
   * checked against a per-row threshold without the lock first: the threshold only falls, so a
   * stale read lets an offer through to the locked check, never turns a good one away.
   */
  private static final class Heaps implements MaxHeap {
    final int size;
    private final int[] index;
    private final float[] distance;
    private final boolean[] fresh;
    private final byte[] round;
    private final float[] threshold;
    private final Object[] locks = stripeLocks();

    Heaps(int rows, int size) {
      this.size = size;
      index = new int[rows * size];
      distance = new float[rows * size];
      fresh = new boolean[rows * size];
      round = new byte[rows * size];
      threshold = new float[rows];
      Arrays.fill(index, -1);
      Arrays.fill(distance, Float.POSITIVE_INFINITY);
      Arrays.fill(threshold, Float.POSITIVE_INFINITY);
      Arrays.fill(round, (byte) -1);
    }

    void offer(int row, int candidate, float d, int iteration) {
      if (d > threshold[row]) {
        return;
      }
      synchronized (locks[row & (locks.length - 1)]) {
        int base = row * size;
        if (!before(d, candidate, distance[base], index[base])) {
          return;
        }
        for (int s = base; s < base + size; s++) {
          if (index[s] == candidate) {
            return;
          }
        }
        index[base] = candidate;
        distance[base] = d;
        fresh[base] = true;
        round[base] = (byte) iteration;
        siftDown(base);
        threshold[row] = distance[base];
      }
    }

    private void siftDown(int base) {
      MaxHeap.siftDown(this, base, size);
    }

    @Override
    public boolean above(int a, int b) {
      return before(distance[b], index[b], distance[a], index[a]);
    }

    @Override
    public void swap(int a, int b) {
      int i = index[a];
      index[a] = index[b];
      index[b] = i;
      float d = distance[a];
      distance[a] = distance[b];
      distance[b] = d;
      boolean f = fresh[a];
      fresh[a] = fresh[b];
      fresh[b] = f;
      byte r = round[a];
      round[a] = round[b];
      round[b] = r;
    }

    /** (d1, i1) comes before (d2, i2); empty slots (-1 at infinity) come after every real entry. */
    private static boolean before(float d1, int i1, float d2, int i2) {
      return d1 < d2 || (d1 == d2 && i1 >= 0 && (i2 < 0 || i1 < i2));
    }

    /**
     * Whether {@code row}'s heap holds {@code candidate}, read without the lock: a slot holds an
     * index that was offered to it, so a true answer is never wrong; a racing swap can only hide one.
     */
    boolean holds(int row, int candidate) {
      for (int s = row * size; s < row * size + size; s++) {
        if (index[s] == candidate) {
          return true;
        }
      }
      return false;
    }

    boolean hasEmptySlot(int row) {
      return index[row * size] < 0; // the root is the worst entry: an empty slot if there is one
    }

    int neighbour(int row, int slot) {
      return index[row * size + slot];
    }

    boolean isNew(int row, int slot) {
      return fresh[row * size + slot];
    }

    void markOld(int row, int slot) {
      fresh[row * size + slot] = false;
    }

    long insertedIn(int row, int iteration) {
      long count = 0;
      for (int s = row * size; s < row * size + size; s++) {
        count += index[s] >= 0 && round[s] == iteration ? 1 : 0;
      }
      return count;
    }

    int[] neighbours(int row) {
      return Arrays.stream(index, row * size, row * size + size).filter(j -> j >= 0).toArray();
    }
  }

  /**
   * Each row's sample of at most {@value #MAX_CANDIDATES} candidates for one round, kept by the
   * lowest priority; a pair's priority is a hash of the round and the unordered pair, so a pair
   * offered from both ends keeps one priority and the sample is the same in any offer order.
   */
  private final class Candidates implements MaxHeap {
    private final int iteration;
    private final int[] index;
    private final int[] count;
    private final Object[] locks = stripeLocks();

    Candidates(int rows, int iteration) {
      this.iteration = iteration;
      index = new int[rows * MAX_CANDIDATES];
      count = new int[rows];
    }

    private long priority(int row, int candidate) {
      long low = Math.min(row, candidate);
      long high = Math.max(row, candidate);
      return mix(seed + iteration, low * 0x9E3779B97F4A7C15L + high) & Long.MAX_VALUE;
    }

    /** A max-heap by (priority, candidate) once full; appended to until then. */
    void offer(int row, int candidate) {
      long p = priority(row, candidate);
      synchronized (locks[row & (locks.length - 1)]) {
        int base = row * MAX_CANDIDATES;
        int n = count[row];
        for (int s = base; s < base + n; s++) {
          if (index[s] == candidate) {
            return;
          }
        }
        if (n < MAX_CANDIDATES) {
          index[base + n] = candidate;
          count[row] = n + 1;
          siftUp(base, n);
        } else if (before(p, candidate, priority(row, index[base]), index[base])) {
          index[base] = candidate;
          MaxHeap.siftDown(this, base, MAX_CANDIDATES);
        }
      }
    }

    private boolean before(long p1, int i1, long p2, int i2) {
      return p1 < p2 || (p1 == p2 && i1 < i2);
    }

    /** Slots are absolute; the row they belong to is recovered from the slot, for the priority. */
    @Override
    public boolean above(int a, int b) {
      int row = a / MAX_CANDIDATES;
      return before(priority(row, index[b]), index[b], priority(row, index[a]), index[a]);
    }

    private void siftUp(int base, int c) {
      while (c > 0) {
        int parent = (c - 1) / 2;
        if (!above(base + c, base + parent)) {
          return;
        }
        swap(base + c, base + parent);
        c = parent;
      }
    }

    @Override
    public void swap(int a, int b) {
      int i = index[a];
      index[a] = index[b];
      index[b] = i;
    }

    boolean contains(int row, int candidate) {
      int base = row * MAX_CANDIDATES;
      for (int s = base; s < base + count[row]; s++) {
        if (index[s] == candidate) {
          return true;
        }
      }
      return false;
    }

    int[] of(int row) {
      return Arrays.copyOfRange(index, row * MAX_CANDIDATES, row * MAX_CANDIDATES + count[row]);
    }
  }

  /** SplitMix64's finalizer of {@code a} and {@code b}: a well-spread hash for seeding and sampling. */
  static long mix(long a, long b) {
    long z = a * 0x9E3779B97F4A7C15L + b;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** {@code normal} dotted with the {@code normal.length} values of {@code t} from {@code offset}, in eight sums. */
  private static float dot(float[] normal, float[] t, int offset) {
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    float s4 = 0;
    float s5 = 0;
    float s6 = 0;
    float s7 = 0;
    int d = normal.length;
    int m = 0;
    for (; m + 7 < d; m += 8) {
      s0 += normal[m] * t[offset + m];
      s1 += normal[m + 1] * t[offset + m + 1];
      s2 += normal[m + 2] * t[offset + m + 2];
      s3 += normal[m + 3] * t[offset + m + 3];
      s4 += normal[m + 4] * t[offset + m + 4];
      s5 += normal[m + 5] * t[offset + m + 5];
      s6 += normal[m + 6] * t[offset + m + 6];
      s7 += normal[m + 7] * t[offset + m + 7];
    }
    for (; m < d; m++) {
      s0 += normal[m] * t[offset + m];
    }
    return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
  }
}
