package io.tagtrail.app;

import io.tagtrail.config.Settings;
import io.tagtrail.layout.LayoutLoader;
import io.tagtrail.layout.StoreLayout;
import io.tagtrail.sim.RfModel;
import io.tagtrail.sim.Scenario;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** Options that shape a simulated run, shared by {@code demo} and {@code simulate}. */
final class RunOptions {
    static final String SAMPLE_LAYOUT = "simulator/layouts/sample-store.json";

    @Option(names = "--duration", defaultValue = "10m", description = "Simulated span, e.g. 10m, 2h (default: ${DEFAULT-VALUE}).")
    String duration;

    @Option(names = "--speed", defaultValue = "10",
            description = "Simulated seconds per wall second, or 'max' (default: ${DEFAULT-VALUE}).")
    String speed;

    @Option(names = "--shoppers", defaultValue = "600",
            description = "Shopper arrivals per simulated hour (default: ${DEFAULT-VALUE}).")
    double shoppersPerHour;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--start", description = "Simulated start instant, ISO-8601 (default: the current minute "
            + "minus the duration, so that the run ends now).")
    String start;

    @Option(names = "--layout", description = "Store layout file (default: the bundled sample department store).")
    Path layout;

    @Option(names = "--format", defaultValue = "impinj",
            description = "Reader payload format: impinj, zebra or llrp (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--staff", defaultValue = "2", description = "Staff badges on the floor (default: ${DEFAULT-VALUE}).")
    int staff;

    Duration duration() {
        Duration d = Settings.parseDuration(duration);
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException("--duration must be a positive duration such as 10m or 2h, got "
                    + duration);
        }
        return d;
    }

    double speed() {
        if ("max".equalsIgnoreCase(speed)) {
            return Double.POSITIVE_INFINITY;
        }
        try {
            double s = Double.parseDouble(speed);
            if (s > 0 && Double.isFinite(s)) {
                return s;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("--speed must be a positive number or 'max', got " + speed);
    }

    Instant start() {
        if (start == null) {
            return Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(duration());
        }
        try {
            return Instant.parse(start);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--start must be an ISO-8601 instant such as 2026-11-22T10:00:00Z, got "
                    + start);
        }
    }

    StoreLayout layout() {
        return layout == null ? LayoutLoader.loadResource(SAMPLE_LAYOUT) : LayoutLoader.load(layout);
    }

    Scenario scenario() {
        if (shoppersPerHour < 0) {
            throw new IllegalArgumentException("--shoppers must not be negative");
        }
        return new Scenario(start(), duration(), shoppersPerHour, seed, staff, 2, RfModel.DEFAULTS);
    }
}
