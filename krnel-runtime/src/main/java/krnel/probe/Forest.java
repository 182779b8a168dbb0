package krnel.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import smile.base.cart.CART;
import smile.base.cart.DecisionNode;
import smile.base.cart.InternalNode;
import smile.base.cart.Node;
import smile.base.cart.OrdinalNode;
import smile.base.cart.SplitRule;
import smile.classification.DecisionTree;
import smile.data.DataFrame;
import smile.data.type.DataTypes;
import smile.data.type.StructField;
import smile.math.MathEx;

/**
 * {@code "kind": "forest"}: scikit-learn's {@code RandomForestClassifier}, trained with Smile 2.6.0's CART
 * {@code DecisionTree}s as its {@code RandomForest} trains them (bootstrap samples, {@code max_features} random
 * features per split, unpruned trees; {@code min_samples_leaf} is Smile's {@code nodeSize}) and
 * exported tree by tree, scored like scikit-learn's {@code predict_proba[:, 1]}: the mean over trees of the
 * fraction of class true among the training rows of the leaf a row falls in. JSON: {@code "trees": [{"feature",
 * "threshold", "left", "right", "value"}...]}, parallel arrays over nodes (root 0; leaves have feature -1).
 */
public final class Forest implements Scorer {
  static final List<String> PARAMS = List.of("criterion", "max_depth", "max_features", "max_leaf_nodes",
      "min_samples_leaf", "n_estimators", "random_state");

  /** One tree as parallel arrays over its nodes; {@code x[feature] <= threshold} goes left. */
  record Tree(int[] feature, double[] threshold, int[] left, int[] right, double[] value) {
    double score(float[] row) {
      int node = 0;
      while (feature[node] >= 0) {
        node = row[feature[node]] <= threshold[node] ? left[node] : right[node];
      }
      return value[node];
    }
  }

  private final int features;
  private final List<Tree> trees;

  Forest(int features, List<Tree> trees) {
    this.features = features;
    this.trees = List.copyOf(trees);
  }

  static Forest read(JsonNode node) {
    List<Tree> trees = new ArrayList<>();
    for (JsonNode t : Json.field(node, "trees")) {
      trees.add(new Tree(Json.ints(t, "feature"), Json.doubles(t, "threshold"), Json.ints(t, "left"),
          Json.ints(t, "right"), Json.doubles(t, "value")));
    }
    return new Forest(Json.field(node, "n_features").asInt(), trees);
  }

  /**
   * Smile's trees fitted on bootstrap samples of the rows, as Smile's {@code RandomForest.fit} builds them. The
   * forest is assembled here rather than by {@code RandomForest.fit} because Smile draws each tree's features from
   * a thread-local generator seeded per tree, and its trees run on fork-join workers that may start another tree on
   * the same thread while waiting, which makes the result depend on scheduling. Here each tree has its own plain
   * thread, so a {@code random_state} gives the same forest every time.
   */
  static List<DecisionTree> fitSmile(String model, float[] x, int n, int d, boolean[] y, Map<String, Object> params) {
    ParamReader p = new ParamReader(model, params, PARAMS);
    int trees = p.integer("n_estimators", 100, 1);
    SplitRule rule = SplitRule.valueOf(p.choice("criterion", "gini", List.of("gini", "entropy")).toUpperCase(Locale.ROOT));
    int maxDepth = p.has("max_depth") ? p.integer("max_depth", 0, 1) : Integer.MAX_VALUE;
    int maxLeaves = p.has("max_leaf_nodes") ? p.integer("max_leaf_nodes", 0, 2) : Math.max(n, 2);
    int minLeaf = p.integer("min_samples_leaf", 1, 1);
    int mtry = maxFeatures(p, d);
    long[] seeds = new SplittableRandom(p.integer("random_state", 0, 0)).longs(trees).toArray();
    double[][] rows = SmileData.rows(x, n, d);
    int[] labels = SmileData.labels(y, 1, 0);
    String[] names = new String[d];
    for (int j = 0; j < d; j++) {
      names[j] = "x" + j;
    }
    DataFrame data = DataFrame.of(rows, names);
    int[][] order = CART.order(data);
    StructField response = new StructField("y", DataTypes.IntegerType);
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(trees, Runtime.getRuntime().availableProcessors()),
        runnable -> {
          Thread thread = new Thread(runnable, "krnel-random-forest");
          thread.setDaemon(true);
          return thread;
        });
    try {
      List<Future<DecisionTree>> futures = new ArrayList<>();
      for (long seed : seeds) {
        futures.add(pool.submit(() -> {
          SplittableRandom random = new SplittableRandom(seed);
          int[] samples = new int[n]; // bootstrap: n draws with replacement
          for (int i = 0; i < n; i++) {
            samples[random.nextInt(n)]++;
          }
          MathEx.setSeed(random.nextLong()); // the features tried at each split
          return new DecisionTree(data, labels, response, 2, rule, maxDepth, maxLeaves, minLeaf, mtry, samples, order);
        }));
      }
      List<DecisionTree> out = new ArrayList<>();
      for (Future<DecisionTree> future : futures) {
        out.add(future.get());
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("random_forest: interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("random_forest: " + e.getCause().getMessage(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** scikit-learn's {@code max_features}: "sqrt" (default), "log2", a count, a fraction, or null for all. */
  private static int maxFeatures(ParamReader p, int d) {
    Object value = p.raw("max_features");
    if (!p.contains("max_features") || "sqrt".equals(value)) {
      return Math.max(1, (int) Math.sqrt(d));
    }
    if (value == null) {
      return d;
    }
    if ("log2".equals(value)) {
      return Math.max(1, (int) (Math.log(d) / Math.log(2)));
    }
    if (value instanceof Integer || value instanceof Long) {
      return Math.min(d, p.integer("max_features", 0, 1));
    }
    if (value instanceof Number) {
      return Math.max(1, (int) (p.fraction("max_features", 0, true) * d));
    }
    throw p.error("max_features", "must be \"sqrt\", \"log2\", a count, a fraction in (0, 1] or null", value);
  }

  /** The forest's trees as portable arrays. */
  static Forest export(List<DecisionTree> forest, int d) {
    List<Tree> trees = new ArrayList<>();
    for (DecisionTree tree : forest) {
      trees.add(exportTree(tree.root()));
    }
    return new Forest(d, trees);
  }

  private static Tree exportTree(Node root) {
    List<Node> nodes = new ArrayList<>();
    nodes.add(root);
    List<int[]> children = new ArrayList<>();
    for (int k = 0; k < nodes.size(); k++) { // breadth first: children are appended as they are met
      if (nodes.get(k) instanceof InternalNode internal) {
        children.add(new int[] {nodes.size(), nodes.size() + 1});
        nodes.add(internal.trueChild());
        nodes.add(internal.falseChild());
      } else {
        children.add(new int[] {-1, -1});
      }
    }
    int m = nodes.size();
    int[] feature = new int[m];
    double[] threshold = new double[m];
    int[] left = new int[m];
    int[] right = new int[m];
    double[] value = new double[m];
    for (int k = 0; k < m; k++) {
      Node node = nodes.get(k);
      left[k] = children.get(k)[0];
      right[k] = children.get(k)[1];
      if (node instanceof OrdinalNode split) {
        feature[k] = split.feature();
        threshold[k] = splitValue(split);
      } else if (node instanceof DecisionNode leaf) {
        feature[k] = -1;
        int[] count = leaf.count();
        value[k] = (double) count[1] / (count[0] + count[1]);
      } else {
        throw new IllegalStateException("random_forest: unexpected Smile tree node " + node.getClass().getName());
      }
    }
    return new Tree(feature, threshold, left, right, value);
  }

  private static final Field SPLIT_VALUE;

  static {
    try {
      // Smile 2.6.0 keeps an ordinal split's threshold in a package-private field with no accessor; the pom pins
      // Smile at 2.6.0 and ForestTest checks every exported leaf against Smile's own tree walk.
      SPLIT_VALUE = OrdinalNode.class.getDeclaredField("value");
      SPLIT_VALUE.setAccessible(true);
    } catch (NoSuchFieldException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static double splitValue(OrdinalNode node) {
    try {
      return SPLIT_VALUE.getDouble(node);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("random_forest: cannot read Smile's split threshold", e);
    }
  }

  int size() {
    return trees.size();
  }

  @Override
  public String kind() {
    return "forest";
  }

  @Override
  public int features() {
    return features;
  }

  @Override
  public double score(float[] row) {
    double sum = 0;
    for (Tree tree : trees) {
      sum += tree.score(row);
    }
    return sum / trees.size();
  }

  @Override
  public void write(ObjectNode node) {
    ArrayNode array = JsonNodeFactory.instance.arrayNode(trees.size());
    for (Tree t : trees) {
      ObjectNode tree = array.addObject();
      tree.set("feature", Json.array(t.feature()));
      tree.set("threshold", Json.array(t.threshold()));
      tree.set("left", Json.array(t.left()));
      tree.set("right", Json.array(t.right()));
      tree.set("value", Json.array(t.value()));
    }
    node.set("trees", array);
  }
}
