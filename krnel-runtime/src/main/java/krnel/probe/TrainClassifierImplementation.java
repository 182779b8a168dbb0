package krnel.probe;

import krnel.ops.TrainClassifierOp;
import krnel.runner.Columns;
import krnel.runner.Inputs;
import krnel.runner.OpImplementation;
import krnel.runner.Result;

/**
 * {@code train_model}: fits the {@link ClassifierRegistry registry}'s model on the rows that are positive
 * or negative (and in {@code train_domain}), after the op's preprocessing, and stores it as a
 * {@link ProbeModel} JSON document (version 2: format {@code krnel-probe/2}, every kind of model).
 */
public final class TrainClassifierImplementation implements OpImplementation<TrainClassifierOp> {
  @Override
  public Class<TrainClassifierOp> opType() {
    return TrainClassifierOp.class;
  }

  @Override
  public String version() {
    return "2";
  }

  @Override
  public Result compute(TrainClassifierOp op, Inputs inputs) {
    ClassifierRegistry.Trainer trainer = ClassifierRegistry.get(op.modelType());
    float[][] rows = Columns.vectors(Columns.single(inputs.table(op.x()), "x"), "x");
    boolean[] positives = mask(op.positives(), "positives", inputs);
    boolean[] negatives = mask(op.negatives(), "negatives", inputs);
    boolean[] domain = op.trainDomain() == null ? null : mask(op.trainDomain(), "train_domain", inputs);
    int n = rows.length;
    check("positives", positives.length, n);
    check("negatives", negatives.length, n);
    if (domain != null) {
      check("train_domain", domain.length, n);
    }
    int nPos = 0;
    int nNeg = 0;
    int both = 0;
    for (int i = 0; i < n; i++) {
      nPos += positives[i] ? 1 : 0;
      nNeg += negatives[i] ? 1 : 0;
      both += positives[i] && negatives[i] ? 1 : 0;
    }
    if (nPos == 0) {
      throw new IllegalArgumentException("positives: No positive samples found");
    }
    if (nNeg == 0) {
      throw new IllegalArgumentException("negatives: No negative samples found");
    }
    if (both > 0) {
      throw new IllegalArgumentException("positives, negatives: Some examples (" + both
          + ") are both positive and negative");
    }
    int selected = 0;
    int d = -1;
    for (int i = 0; i < n; i++) {
      if ((positives[i] || negatives[i]) && (domain == null || domain[i])) {
        if (d >= 0 && rows[i].length != d) {
          throw new IllegalArgumentException("x: vectors have different lengths (" + d + " and " + rows[i].length
              + " at row " + i + ")");
        }
        d = rows[i].length;
        selected++;
      }
    }
    float[] x = new float[Math.multiplyExact(selected, Math.max(d, 0))];
    boolean[] y = new boolean[selected];
    int k = 0;
    boolean seenTrue = false;
    boolean seenFalse = false;
    for (int i = 0; i < n; i++) {
      if ((positives[i] || negatives[i]) && (domain == null || domain[i])) {
        requireFinite(rows[i], i);
        System.arraycopy(rows[i], 0, x, k * d, d);
        y[k] = positives[i];
        seenTrue |= y[k];
        seenFalse |= !y[k];
        k++;
      }
    }
    if (!seenTrue || !seenFalse) {
      throw new IllegalArgumentException("train_domain: the training rows (positives or negatives, in train_domain) "
          + "hold only " + (seenTrue ? "positive" : seenFalse ? "negative" : "no") + " examples; a classifier "
          + "needs both classes");
    }
    Preprocessor preprocessor = Preprocessor.fit(op.preprocessing(), x, selected, d);
    preprocessor.applyInPlace(x, selected, d);
    ProbeModel model = trainer.train(op.modelType(), x, selected, d, y, preprocessor, op.params());
    return Result.json(model.toJson());
  }

  /** As scikit-learn's fit raises on NaN or infinity in X: such a row would train a useless model silently. */
  private static void requireFinite(float[] row, int i) {
    for (int j = 0; j < row.length; j++) {
      if (!Float.isFinite(row[j])) {
        throw new IllegalArgumentException("x: row " + i + " holds " + row[j] + " at element " + j
            + "; a classifier trains on finite numbers only (drop or impute such rows before training)");
      }
    }
  }

  private static boolean[] mask(krnel.graph.OpSpec column, String field, Inputs inputs) {
    return Columns.booleans(Columns.single(inputs.table(column), field),
        field + " (Expected bool dtype for " + field + ")");
  }

  private static void check(String field, int length, int n) {
    if (length != n) {
      throw new IllegalArgumentException(field + ": has " + length + " rows, but x has " + n);
    }
  }
}
