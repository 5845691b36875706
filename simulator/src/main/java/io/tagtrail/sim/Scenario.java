package io.tagtrail.sim;

import java.time.Duration;
import java.time.Instant;

/**
 * One simulated run: when, how long, how busy, and how noisy.
 *
 * @param start           simulated start instant (reader clocks)
 * @param duration        simulated span
 * @param shoppersPerHour mean shopper arrivals per simulated hour (Poisson)
 * @param seed            every random choice derives from it: same seed and start, same run
 * @param staff           staff badges that walk the floor all day (excluded from shopper figures)
 * @param merchandisePerCounter tagged merchandise items lying at each counter (read, counted, never tracked)
 * @param rf              the radio model
 */
public record Scenario(Instant start, Duration duration, double shoppersPerHour, long seed, int staff,
                       int merchandisePerCounter, RfModel rf) {
    public Scenario {
        if (start == null) {
            throw new IllegalArgumentException("start is required");
        }
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration must be positive, got " + duration);
        }
        if (shoppersPerHour < 0) {
            throw new IllegalArgumentException("shoppers per hour must not be negative, got " + shoppersPerHour);
        }
        if (staff < 0 || merchandisePerCounter < 0) {
            throw new IllegalArgumentException("staff and merchandise counts must not be negative");
        }
    }

    public Instant end() {
        return start.plus(duration);
    }
}
