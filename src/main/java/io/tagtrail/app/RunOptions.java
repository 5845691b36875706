package io.tagtrail.app;

import io.tagtrail.config.Settings;
import io.tagtrail.layout.LayoutLoader;
import io.tagtrail.layout.StoreLayout;
import io.tagtrail.sim.Scenario;
import io.tagtrail.sim.ScenarioFile;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** Options that shape a simulated run, shared by {@code demo} and {@code simulate}. */
final class RunOptions {
    static final String SAMPLE_LAYOUT = "simulator/layouts/sample-store.json";

    @Option(names = "--scenario", description = "Scenario file (JSON; default: the bundled "
            + "simulator/scenarios/default.json). The flags below override it.")
    Path scenario;

    @Option(names = "--duration", description = "Simulated span, e.g. 10m, 2h (default: the scenario's, 10m).")
    String duration;

    @Option(names = "--speed", defaultValue = "10",
            description = "Simulated seconds per wall second, or 'max' (default: ${DEFAULT-VALUE}).")
    String speed;

    @Option(names = "--shoppers", description = "Shopper arrivals per simulated open hour (default: the "
            + "scenario's, 600).")
    Double shoppersPerHour;

    @Option(names = "--seed", description = "Random seed (default: the scenario's, 1).")
    Long seed;

    @Option(names = "--start", description = "Simulated start instant, ISO-8601 (default: the scenario's, else the "
            + "current minute minus the duration, so that the run ends now).")
    String start;

    @Option(names = "--layout", description = "Store layout file (default: the bundled sample department store).")
    Path layout;

    @Option(names = "--format", defaultValue = "impinj",
            description = "Reader payload format: impinj, zebra or llrp (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--staff", description = "Staff badges on the floor (default: the scenario's, 2).")
    Integer staff;

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

    /** {@code --layout}, else the layout the scenario names, else the bundled sample store. */
    StoreLayout layout() {
        if (layout != null) {
            return LayoutLoader.load(layout);
        }
        String named = scenarioFile().layout();
        if (named == null) {
            return LayoutLoader.loadResource(SAMPLE_LAYOUT);
        }
        Path file = Path.of(named);
        return Files.exists(file) ? LayoutLoader.load(file) : LayoutLoader.loadResource(named);
    }

    private ScenarioFile scenarioFile() {
        return scenario == null ? ScenarioFile.defaults() : ScenarioFile.load(scenario);
    }

    /** The scenario file, then the flags over it. */
    Scenario scenario() {
        ScenarioFile file = scenarioFile();
        Scenario s = file.scenario();
        Duration d = s.duration();
        if (duration != null) {
            d = Settings.parseDuration(duration);
            if (d == null || d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException("--duration must be a positive duration such as 10m or 2h, got "
                        + duration);
            }
        }
        Instant at;
        if (start != null) {
            try {
                at = Instant.parse(start);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("--start must be an ISO-8601 instant such as "
                        + "2026-11-22T10:00:00Z, got " + start);
            }
        } else if (file.start() != null) {
            at = file.start();
        } else {
            at = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(d);
        }
        s = s.withRun(at, d, seed != null ? seed : s.seed());
        if (shoppersPerHour != null) {
            if (!(shoppersPerHour >= 0)) {
                throw new IllegalArgumentException("--shoppers must not be negative");
            }
            s = s.withShoppersPerHour(shoppersPerHour);
        }
        if (staff != null) {
            if (staff < 0) {
                throw new IllegalArgumentException("--staff must not be negative");
            }
            s = s.withStaff(staff);
        }
        return s;
    }
}
