package krnel.viz;

/**
 * umap-learn's {@code find_ab_params}: the a and b of {@code 1 / (1 + a x^(2b))} that best fit, in least
 * squares on 300 points of [0, 3 spread], the curve that is 1 up to {@code min_dist} and then
 * {@code exp(-(x - min_dist) / spread)}. Levenberg-Marquardt, as scipy's {@code curve_fit} from (1, 1).
 */
final class CurveFit {
  private static final int POINTS = 300;

  private CurveFit() {}

  /** {a, b}. */
  static double[] ab(double spread, double minDist) {
    double[] x = new double[POINTS];
    double[] y = new double[POINTS];
    for (int i = 0; i < POINTS; i++) {
      x[i] = 3 * spread * i / (POINTS - 1);
      y[i] = x[i] < minDist ? 1 : Math.exp(-(x[i] - minDist) / spread);
    }
    double a = 1;
    double b = 1;
    double lambda = 1e-3;
    double cost = cost(x, y, a, b);
    for (int iteration = 0; iteration < 500; iteration++) {
      // Normal equations of the 2-parameter problem: J^T J and J^T r.
      double jaa = 0;
      double jab = 0;
      double jbb = 0;
      double ga = 0;
      double gb = 0;
      for (int i = 0; i < POINTS; i++) {
        double u = Math.pow(x[i], 2 * b);
        double f = 1 / (1 + a * u);
        double r = f - y[i];
        double dfda = -u * f * f;
        double dfdb = x[i] > 0 ? -a * u * 2 * Math.log(x[i]) * f * f : 0;
        jaa += dfda * dfda;
        jab += dfda * dfdb;
        jbb += dfdb * dfdb;
        ga += dfda * r;
        gb += dfdb * r;
      }
      double daa = jaa * (1 + lambda);
      double dbb = jbb * (1 + lambda);
      double det = daa * dbb - jab * jab;
      double stepA = -(dbb * ga - jab * gb) / det;
      double stepB = -(daa * gb - jab * ga) / det;
      double trial = cost(x, y, a + stepA, b + stepB);
      if (trial < cost) {
        a += stepA;
        b += stepB;
        boolean done = cost - trial < 1e-15 * Math.max(1, cost);
        cost = trial;
        lambda /= 10;
        if (done) {
          break;
        }
      } else {
        lambda *= 10;
        if (lambda > 1e12) {
          break;
        }
      }
    }
    return new double[] {a, b};
  }

  private static double cost(double[] x, double[] y, double a, double b) {
    double sum = 0;
    for (int i = 0; i < x.length; i++) {
      double r = 1 / (1 + a * Math.pow(x[i], 2 * b)) - y[i];
      sum += r * r;
    }
    return sum;
  }
}
