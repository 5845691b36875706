package io.tagtrail.sim;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * How long a shopper stays in a zone: a lognormal (median, sigma), uniform or exponential (mean) law, clamped to
 * {@code [minMillis, maxMillis]}. Samples and the cumulative distribution agree, so a test can compare the dwell
 * times a run drew with the law it was configured with.
 *
 * @param law        lognormal, uniform or exponential
 * @param scaleMillis the median (lognormal) or mean (exponential); ignored for uniform
 * @param sigma      lognormal shape (standard deviation of the log); ignored otherwise
 * @param minMillis  shortest dwell (clamp)
 * @param maxMillis  longest dwell (clamp)
 */
public record DwellDistribution(Law law, double scaleMillis, double sigma, long minMillis, long maxMillis) {
    /** The shape of a dwell distribution. */
    public enum Law {
        LOGNORMAL, UNIFORM, EXPONENTIAL;

        static Law parse(String name) {
            for (Law l : values()) {
                if (l.name().equalsIgnoreCase(name)) {
                    return l;
                }
            }
            return null;
        }
    }

    public DwellDistribution {
        if (law == null) {
            throw new IllegalArgumentException("dwell law is required: lognormal, uniform or exponential");
        }
        if (minMillis < 0 || maxMillis < minMillis) {
            throw new IllegalArgumentException("dwell needs 0 <= min_s <= max_s, got " + minMillis / 1000.0 + " and "
                    + maxMillis / 1000.0);
        }
        if (law != Law.UNIFORM && !(scaleMillis > 0)) {
            throw new IllegalArgumentException(law.name().toLowerCase(Locale.ROOT) + " dwell needs a positive "
                    + (law == Law.LOGNORMAL ? "median_s" : "mean_s"));
        }
        if (law == Law.LOGNORMAL && !(sigma > 0)) {
            throw new IllegalArgumentException("lognormal dwell needs a positive sigma, got " + sigma);
        }
    }

    public static DwellDistribution uniform(double minSeconds, double maxSeconds) {
        return new DwellDistribution(Law.UNIFORM, 0, 0, seconds(minSeconds), seconds(maxSeconds));
    }

    public static DwellDistribution logNormal(double medianSeconds, double sigma, double minSeconds,
                                              double maxSeconds) {
        return new DwellDistribution(Law.LOGNORMAL, medianSeconds * 1000, sigma, seconds(minSeconds),
                seconds(maxSeconds));
    }

    public static DwellDistribution exponential(double meanSeconds, double minSeconds, double maxSeconds) {
        return new DwellDistribution(Law.EXPONENTIAL, meanSeconds * 1000, 0, seconds(minSeconds), seconds(maxSeconds));
    }

    /** One dwell in milliseconds. */
    public long sample(SplittableRandom rnd) {
        double v = switch (law) {
            case UNIFORM -> minMillis + rnd.nextDouble() * (maxMillis - minMillis);
            case LOGNORMAL -> scaleMillis * Math.exp(sigma * Gaussian.next(rnd));
            case EXPONENTIAL -> -Math.log(1 - rnd.nextDouble()) * scaleMillis;
        };
        return Math.max(minMillis, Math.min(maxMillis, (long) v));
    }

    /** P(dwell <= millis) of the clamped law. */
    public double cdf(double millis) {
        if (millis < minMillis) {
            return 0;
        }
        if (millis >= maxMillis) {
            return 1;
        }
        return switch (law) {
            case UNIFORM -> (millis - minMillis) / (double) (maxMillis - minMillis);
            case LOGNORMAL -> Gaussian.cdf(Math.log(Math.max(millis, 1e-9) / scaleMillis) / sigma);
            case EXPONENTIAL -> 1 - Math.exp(-millis / scaleMillis);
        };
    }

    /** The clamped law's median in milliseconds. */
    public double medianMillis() {
        double lo = minMillis;
        double hi = maxMillis;
        for (int i = 0; i < 60; i++) {
            double mid = (lo + hi) / 2;
            if (cdf(mid) < 0.5) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    private static long seconds(double s) {
        return Math.round(s * 1000);
    }
}
