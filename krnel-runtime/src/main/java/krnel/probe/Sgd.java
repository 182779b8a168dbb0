package krnel.probe;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * scikit-learn's {@code _plain_sgd} (1.2) for a binary dense problem: {@code SGDClassifier},
 * {@code PassiveAggressiveClassifier} (learning rates {@code pa1}/{@code pa2}) and {@code SGDOneClassSVM}
 * ({@code oneClass}: every row is of the one class, {@code alpha = nu / 2}, the intercept also moves by
 * {@code -2 eta alpha}). Per epoch: shuffle (our own seeded generator, so runs are reproducible but the order
 * differs from scikit-learn's), one update per row, and stop when the summed loss has not improved by
 * {@code tol * n} for {@code n_iter_no_change} epochs in a row.
 */
final class Sgd {
  private static final double MAX_DLOSS = 1e12;

  /** scikit-learn's classification losses, on the margin {@code p} and the label {@code y = +-1}. */
  enum Loss {
    HINGE, LOG_LOSS, MODIFIED_HUBER, SQUARED_HINGE, PERCEPTRON;

    double loss(double p, double y) {
      double z = p * y;
      switch (this) {
        case HINGE:
          return z <= 1 ? 1 - z : 0;
        case PERCEPTRON:
          return z <= 0 ? -z : 0;
        case SQUARED_HINGE:
          return z < 1 ? (1 - z) * (1 - z) : 0;
        case MODIFIED_HUBER:
          return z >= 1 ? 0 : z >= -1 ? (1 - z) * (1 - z) : -4 * z;
        default:
          return z > 18 ? Math.exp(-z) : z < -18 ? -z : Math.log1p(Math.exp(-z));
      }
    }

    double dloss(double p, double y) {
      double z = p * y;
      switch (this) {
        case HINGE:
          return z <= 1 ? -y : 0;
        case PERCEPTRON:
          return z <= 0 ? -y : 0;
        case SQUARED_HINGE:
          return z < 1 ? -2 * y * (1 - z) : 0;
        case MODIFIED_HUBER:
          return z >= 1 ? 0 : z >= -1 ? -2 * (1 - z) * y : -4 * y;
        default:
          return z > 18 ? -y * Math.exp(-z) : z < -18 ? -y : -y / (Math.exp(z) + 1);
      }
    }
  }

  enum Rate { CONSTANT, OPTIMAL, INVSCALING, PA1, PA2 }

  /** Hyper-parameters, with scikit-learn's names; {@code tol} is {@code -Infinity} for none. */
  record Config(Loss loss, Rate rate, boolean l2, double alpha, double c, double eta0, double powerT, int maxIter,
      double tol, int nIterNoChange, boolean fitIntercept, boolean shuffle, long seed, boolean balanced,
      boolean oneClass) {}

  /** Weights, intercept, epochs run, and whether the loss stopped improving before {@code max_iter}. */
  record Fit(double[] weights, double intercept, int epochs, boolean converged) {}

  static final List<String> SGD_PARAMS = List.of("alpha", "class_weight", "eta0", "fit_intercept", "learning_rate",
      "loss", "max_iter", "n_iter_no_change", "penalty", "power_t", "random_state", "shuffle", "tol");
  static final List<String> PA_PARAMS = List.of("C", "class_weight", "fit_intercept", "loss", "max_iter",
      "n_iter_no_change", "random_state", "shuffle", "tol");
  static final List<String> ONE_CLASS_PARAMS = List.of("eta0", "fit_intercept", "learning_rate", "max_iter", "nu",
      "power_t", "random_state", "shuffle", "tol");

  private Sgd() {}

  /** {@code SGDClassifier} parameters and defaults (penalty l2 or none; class_weight "balanced" or none). */
  static Config classifier(ParamReader p) {
    Loss loss = Loss.valueOf(p.choice("loss", "hinge",
        List.of("hinge", "log_loss", "modified_huber", "squared_hinge", "perceptron")).toUpperCase(Locale.ROOT));
    // penalty "l2" (the default) or null / "none"; l1 and elasticnet are not implemented.
    boolean l2 = !p.contains("penalty") || "l2".equals(p.choice("penalty", "none", List.of("l2", "none")));
    Rate rate = rate(p);
    double alpha = p.number("alpha", 1e-4);
    if (!(alpha >= 0) || rate == Rate.OPTIMAL && alpha == 0) {
      throw p.error("alpha", "must be a positive number (the optimal learning rate divides by it)", p.raw("alpha"));
    }
    return new Config(loss, rate, l2, alpha, 1.0, eta0(p, rate), p.number("power_t", 0.5), p.integer("max_iter", 1000, 1),
        tol(p), p.integer("n_iter_no_change", 5, 1), p.bool("fit_intercept", true), p.bool("shuffle", true),
        seed(p), balanced(p), false);
  }

  /** {@code PassiveAggressiveClassifier}: PA-I for loss hinge, PA-II for squared_hinge, no penalty. */
  static Config passiveAggressive(ParamReader p) {
    Rate rate = "hinge".equals(p.choice("loss", "hinge", List.of("hinge", "squared_hinge"))) ? Rate.PA1 : Rate.PA2;
    return new Config(Loss.HINGE, rate, false, 1.0, p.positive("C", 1.0), 1.0, 0.5, p.integer("max_iter", 1000, 1),
        tol(p), p.integer("n_iter_no_change", 5, 1), p.bool("fit_intercept", true), p.bool("shuffle", true),
        seed(p), balanced(p), false);
  }

  /** {@code SGDOneClassSVM}: hinge loss, {@code alpha = nu / 2}, every row of the one class. */
  static Config oneClass(ParamReader p) {
    Rate rate = rate(p);
    return new Config(Loss.HINGE, rate, true, p.fraction("nu", 0.5, true) / 2, 1.0, eta0(p, rate),
        p.number("power_t", 0.5), p.integer("max_iter", 1000, 1), tol(p), 5, p.bool("fit_intercept", true),
        p.bool("shuffle", true), seed(p), false, true);
  }

  private static Rate rate(ParamReader p) {
    return Rate.valueOf(p.choice("learning_rate", "optimal", List.of("optimal", "constant", "invscaling"))
        .toUpperCase(Locale.ROOT));
  }

  private static double eta0(ParamReader p, Rate rate) {
    double eta0 = p.number("eta0", 0.0);
    if (rate != Rate.OPTIMAL && !(eta0 > 0)) {
      throw p.error("eta0", "must be > 0 for learning_rate " + rate.name().toLowerCase(Locale.ROOT), p.raw("eta0"));
    }
    return eta0;
  }

  /** {@code tol}: a number, or null for none (run all {@code max_iter} epochs). */
  private static double tol(ParamReader p) {
    return p.contains("tol") && p.raw("tol") == null ? Double.NEGATIVE_INFINITY : p.number("tol", 1e-3);
  }

  /** {@code random_state}: scikit-learn's default (none) is not reproducible; ours is seed 0. */
  private static long seed(ParamReader p) {
    return p.integer("random_state", 0, 0);
  }

  private static boolean balanced(ParamReader p) {
    return p.choice("class_weight", null, List.of("balanced")) != null;
  }

  /** Fits on {@code n} rows of {@code d} floats (row-major) with labels {@code y} (ignored when one-class). */
  static Fit fit(float[] x, int n, int d, boolean[] y, Config cfg) {
    double[] w = new double[d];
    double wscale = 1; // w is wscale * w, so the L2 decay costs O(1)
    double b = 0;
    int positives = 0;
    for (boolean v : y) {
      positives += v ? 1 : 0;
    }
    double weightPos = cfg.balanced() ? n / (2.0 * positives) : 1;
    double weightNeg = cfg.balanced() ? n / (2.0 * (n - positives)) : 1;
    double optimalInit = 0;
    if (cfg.rate() == Rate.OPTIMAL) {
      double typw = Math.sqrt(1.0 / Math.sqrt(cfg.alpha()));
      double initialEta0 = typw / Math.max(1.0, cfg.loss().dloss(-typw, 1.0));
      optimalInit = 1.0 / (initialEta0 * cfg.alpha());
    }
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    SplittableRandom random = new SplittableRandom(cfg.seed());
    double t = 1;
    double bestLoss = Double.POSITIVE_INFINITY;
    int noImprovement = 0;
    int epoch = 0;
    boolean converged = false;
    while (epoch < cfg.maxIter() && !converged) {
      epoch++;
      if (cfg.shuffle()) {
        Nystroem.shuffle(order, random);
      }
      double sumLoss = 0;
      for (int i : order) {
        int o = i * d;
        double label = cfg.oneClass() || y[i] ? 1 : -1;
        double p = wscale * dot(x, o, w, d) + b;
        double eta = switch (cfg.rate()) {
          case OPTIMAL -> 1.0 / (cfg.alpha() * (optimalInit + t - 1));
          case INVSCALING -> cfg.eta0() / Math.pow(t, cfg.powerT());
          default -> cfg.eta0();
        };
        double loss = cfg.loss().loss(p, label);
        sumLoss += loss;
        double update;
        if (cfg.rate() == Rate.PA1 || cfg.rate() == Rate.PA2) {
          double sq = sqnorm(x, o, d);
          if (sq == 0 && cfg.rate() == Rate.PA1) {
            t++;
            continue;
          }
          update = label * (cfg.rate() == Rate.PA1 ? Math.min(cfg.c(), loss / sq) : loss / (sq + 0.5 / cfg.c()));
        } else {
          double dloss = Math.max(-MAX_DLOSS, Math.min(MAX_DLOSS, cfg.loss().dloss(p, label)));
          update = -eta * dloss;
        }
        update *= cfg.oneClass() || y[i] ? weightPos : weightNeg;
        if (cfg.l2()) {
          wscale *= Math.max(0, 1.0 - eta * cfg.alpha());
          if (wscale < 1e-9) { // fold the scale into the weights before it underflows
            for (int j = 0; j < d; j++) {
              w[j] *= wscale;
            }
            wscale = 1;
          }
        }
        if (update != 0) {
          double step = update / wscale;
          for (int j = 0; j < d; j++) {
            w[j] += step * x[o + j];
          }
        }
        if (cfg.fitIntercept()) {
          b += cfg.oneClass() ? update - 2 * eta * cfg.alpha() : update;
        }
        t++;
      }
      if (sumLoss > bestLoss - cfg.tol() * n) {
        noImprovement++;
      } else {
        noImprovement = 0;
      }
      bestLoss = Math.min(bestLoss, sumLoss);
      converged = noImprovement >= cfg.nIterNoChange();
    }
    for (int j = 0; j < d; j++) {
      w[j] *= wscale;
    }
    return new Fit(w, b, epoch, converged);
  }

  private static double dot(float[] x, int o, double[] w, int d) {
    double s = 0;
    for (int j = 0; j < d; j++) {
      s += x[o + j] * w[j];
    }
    return s;
  }

  private static double sqnorm(float[] x, int o, int d) {
    double s = 0;
    for (int j = 0; j < d; j++) {
      s += (double) x[o + j] * x[o + j];
    }
    return s;
  }
}
