package krnel.probe;

/**
 * Platt's sigmoid {@code P(true | f) = 1 / (1 + exp(a f + b))} fitted to decision values as scikit-learn's
 * {@code _sigmoid_calibration} does: targets smoothed to {@code (n_pos + 1) / (n_pos + 2)} and
 * {@code 1 / (n_neg + 2)}, start {@code (0, log((n_neg + 1) / (n_pos + 1)))}, minimizing the cross-entropy.
 * scikit-learn uses BFGS; this uses Newton's method with a backtracking line search (Lin, Lin and Weng 2007),
 * which reaches the same optimum of this convex problem.
 */
final class Platt {
  private Platt() {}

  /** {@code {a, b}} for the decision values {@code f} with labels {@code y}. */
  static double[] fit(double[] f, boolean[] y) {
    double prior1 = 0;
    for (boolean v : y) {
      prior1 += v ? 1 : 0;
    }
    double prior0 = y.length - prior1;
    double hiTarget = (prior1 + 1) / (prior1 + 2);
    double loTarget = 1 / (prior0 + 2);
    double[] t = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      t[i] = y[i] ? hiTarget : loTarget;
    }
    double a = 0;
    double b = Math.log((prior0 + 1) / (prior1 + 1));
    double loss = loss(f, t, a, b);
    for (int iter = 0; iter < 100; iter++) {
      double ga = 0;
      double gb = 0;
      double haa = 1e-12; // Levenberg-style floor keeps the Hessian invertible
      double hab = 0;
      double hbb = 1e-12;
      for (int i = 0; i < f.length; i++) {
        double p = CalibratedEnsemble.sigmoid(a, b, f[i]);
        double r = t[i] - p;
        ga += r * f[i];
        gb += r;
        double w = p * (1 - p);
        haa += w * f[i] * f[i];
        hab += w * f[i];
        hbb += w;
      }
      if (Math.abs(ga) < 1e-10 * Math.max(1, f.length) && Math.abs(gb) < 1e-10 * Math.max(1, f.length)) {
        break;
      }
      double det = haa * hbb - hab * hab;
      double da = -(hbb * ga - hab * gb) / det;
      double db = -(-hab * ga + haa * gb) / det;
      double step = 1;
      double slope = ga * da + gb * db;
      while (step >= 1e-10) {
        double next = loss(f, t, a + step * da, b + step * db);
        if (next <= loss + 1e-4 * step * slope) {
          a += step * da;
          b += step * db;
          loss = next;
          break;
        }
        step /= 2;
      }
      if (step < 1e-10) {
        break; // no decrease at machine precision
      }
    }
    return new double[] {a, b};
  }

  /** {@code -sum t log P + (1 - t) log (1 - P)}, with {@code P = 1 / (1 + exp(a f + b))}, computed stably. */
  private static double loss(double[] f, double[] t, double a, double b) {
    double sum = 0;
    for (int i = 0; i < f.length; i++) {
      double z = a * f[i] + b;
      sum += t[i] * log1pExp(z) + (1 - t[i]) * log1pExp(-z);
    }
    return sum;
  }

  private static double log1pExp(double z) {
    return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
  }
}
