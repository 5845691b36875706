package io.tagtrail.sim;

import java.util.SplittableRandom;

/** The standard normal law: draws (Box–Muller) and its cumulative distribution. */
final class Gaussian {
    private static final int TABLE_BITS = 16;
    /** Normal quantiles at (i + 0.5) / 2^16: a draw by table look-up for the hot path (tails end near ±4.3). */
    private static final double[] QUANTILES = quantiles();

    private Gaussian() {
    }

    /** A standard normal draw from the quantile table: one random int, no transcendental functions. */
    static double fast(SplittableRandom rnd) {
        return QUANTILES[rnd.nextInt() >>> (32 - TABLE_BITS)];
    }

    private static double[] quantiles() {
        int n = 1 << TABLE_BITS;
        double[] q = new double[n];
        for (int i = 0; i < n; i++) {
            double p = (i + 0.5) / n;
            double lo = -10;
            double hi = 10;
            for (int k = 0; k < 50; k++) {
                double mid = (lo + hi) / 2;
                if (cdf(mid) < p) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            q[i] = (lo + hi) / 2;
        }
        return q;
    }

    static double next(SplittableRandom rnd) {
        double u1 = 1 - rnd.nextDouble();
        double u2 = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** Φ(x), with the error function of Abramowitz and Stegun 7.1.26 (absolute error below 1.5e-7). */
    static double cdf(double x) {
        double z = Math.abs(x) / Math.sqrt(2);
        double t = 1 / (1 + 0.3275911 * z);
        double erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592)
                * t * Math.exp(-z * z);
        return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
    }
}
