package io.tagtrail.sim;

import java.time.LocalTime;
import java.util.Arrays;

/**
 * When shoppers come: a Poisson process whose rate follows the store's opening hours and an hourly profile in the
 * store's local time. {@code shoppersPerHour} is the mean rate over the open hours; the profile only shapes it
 * (peaks at lunch and after work), so doubling it doubles every hour.
 *
 * @param shoppersPerHour mean arrivals (parties) per open hour
 * @param open            local opening time
 * @param close           local closing time (after {@code open}; 00:00 means midnight at the end of the day)
 * @param hourlyProfile   24 relative weights, one per local hour (hour 0 = 00:00–01:00)
 * @param pairShare       share of parties that are two card holders walking together
 * @param pairLagMaxMillis a companion follows the first shopper by up to this long
 */
public record Arrivals(double shoppersPerHour, LocalTime open, LocalTime close, double[] hourlyProfile,
                       double pairShare, long pairLagMaxMillis) {
    public static final double[] FLAT = flat();

    public Arrivals {
        if (!(shoppersPerHour >= 0) || Double.isInfinite(shoppersPerHour)) {
            throw new IllegalArgumentException("shoppers_per_hour must be a finite number >= 0, got "
                    + shoppersPerHour);
        }
        if (open == null || close == null) {
            throw new IllegalArgumentException("opening_hours needs open and close");
        }
        if (!close.equals(LocalTime.MIDNIGHT) && !close.isAfter(open)) {
            throw new IllegalArgumentException("opening_hours: close " + close + " must be after open " + open);
        }
        if (hourlyProfile == null || hourlyProfile.length != 24) {
            throw new IllegalArgumentException("hourly_profile must have 24 weights, one per hour");
        }
        hourlyProfile = hourlyProfile.clone();
        for (double w : hourlyProfile) {
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("hourly_profile weights must be finite and >= 0");
            }
        }
        if (!(pairShare >= 0 && pairShare <= 1)) {
            throw new IllegalArgumentException("pair_share must be in [0, 1], got " + pairShare);
        }
        if (pairLagMaxMillis < 0) {
            throw new IllegalArgumentException("pair_lag_max_s must not be negative");
        }
        if (Arrays.stream(hourlyProfile).sum() == 0 && shoppersPerHour > 0) {
            throw new IllegalArgumentException("hourly_profile is all zero");
        }
    }

    public Arrivals withShoppersPerHour(double rate) {
        return new Arrivals(rate, open, close, hourlyProfile, pairShare, pairLagMaxMillis);
    }

    @Override
    public double[] hourlyProfile() {
        return hourlyProfile.clone();
    }

    /** Seconds of the local day the store opens and closes (close may be 86,400). */
    long openSecond() {
        return open.toSecondOfDay();
    }

    long closeSecond() {
        return close.equals(LocalTime.MIDNIGHT) ? 86_400 : close.toSecondOfDay();
    }

    /** Whether the store is open at a local second of the day. */
    boolean isOpen(long secondOfDay) {
        return secondOfDay >= openSecond() && secondOfDay < closeSecond();
    }

    /**
     * Arrivals per hour at a local second of the day: 0 when closed, else the profile's weight scaled so that its
     * mean over the open hours is {@code shoppersPerHour}.
     */
    double ratePerHour(long secondOfDay) {
        if (!isOpen(secondOfDay)) {
            return 0;
        }
        double weighted = 0;
        for (long s = openSecond(); s < closeSecond(); ) {
            int h = (int) (s / 3600);
            long next = Math.min((h + 1) * 3600L, closeSecond());
            weighted += hourlyProfile[h] * (next - s);
            s = next;
        }
        double meanWeight = weighted / (closeSecond() - openSecond());
        return meanWeight == 0 ? 0 : shoppersPerHour * hourlyProfile[(int) (secondOfDay / 3600)] / meanWeight;
    }

    private static double[] flat() {
        double[] f = new double[24];
        Arrays.fill(f, 1.0);
        return f;
    }
}
