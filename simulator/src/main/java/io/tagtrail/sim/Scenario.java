package io.tagtrail.sim;

import io.tagtrail.layout.ZoneKind;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * One simulated run: when and how long, who comes and when, how they shop, and how the readers see them. Loaded
 * from a scenario file ({@link ScenarioFile}); command-line flags override the run and the arrival rate.
 *
 * @param name          the scenario's name, for reports
 * @param start         simulated start instant (true time; reader clocks may be off by their offset)
 * @param duration      simulated span
 * @param seed          every random choice derives from it: same seed and start, same run, byte for byte
 * @param arrivals      when shoppers come
 * @param shoppers      who they are and how much they shop
 * @param zoneKinds     behaviour per zone kind (every kind present)
 * @param zones         behaviour overrides per zone id (a counter's own attraction and dwell)
 * @param staff         staff badges on the floor for the whole run (excluded from shopper figures and truth)
 * @param staffStay     how long a staff member stays in one zone
 * @param merchandise   tagged merchandise lying in each zone of a kind (read, counted, never tracked)
 * @param rf            the radio model
 */
public record Scenario(String name, Instant start, Duration duration, long seed, Arrivals arrivals,
                       ShopperMix shoppers, Map<ZoneKind, ZoneBehaviour> zoneKinds, Map<String, ZoneOverride> zones,
                       int staff, DwellDistribution staffStay, Map<ZoneKind, Integer> merchandise, RfModel rf) {
    public Scenario {
        if (start == null) {
            throw new IllegalArgumentException("start is required");
        }
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration must be positive, got " + duration);
        }
        if (arrivals == null || shoppers == null || rf == null || staffStay == null) {
            throw new IllegalArgumentException("arrivals, shoppers, staff and rf are required");
        }
        for (ZoneKind k : ZoneKind.values()) {
            if (!zoneKinds.containsKey(k)) {
                throw new IllegalArgumentException("zone behaviour for kind " + k.label() + " is missing");
            }
        }
        zoneKinds = Map.copyOf(zoneKinds);
        zones = Map.copyOf(zones);
        if (staff < 0) {
            throw new IllegalArgumentException("staff must not be negative");
        }
        EnumMap<ZoneKind, Integer> m = new EnumMap<>(ZoneKind.class);
        for (ZoneKind k : ZoneKind.values()) {
            int n = merchandise.getOrDefault(k, 0);
            if (n < 0) {
                throw new IllegalArgumentException("merchandise per " + k.label() + " must not be negative");
            }
            m.put(k, n);
        }
        merchandise = Map.copyOf(m);
    }

    public Instant end() {
        return start.plus(duration);
    }

    public double shoppersPerHour() {
        return arrivals.shoppersPerHour();
    }

    /** The same scenario for another run window and seed. */
    public Scenario withRun(Instant start, Duration duration, long seed) {
        return new Scenario(name, start, duration, seed, arrivals, shoppers, zoneKinds, zones, staff, staffStay,
                merchandise, rf);
    }

    public Scenario withShoppersPerHour(double rate) {
        return new Scenario(name, start, duration, seed, arrivals.withShoppersPerHour(rate), shoppers, zoneKinds,
                zones, staff, staffStay, merchandise, rf);
    }

    public Scenario withStaff(int badges) {
        return new Scenario(name, start, duration, seed, arrivals, shoppers, zoneKinds, zones, badges, staffStay,
                merchandise, rf);
    }

    public Scenario withRf(RfModel model) {
        return new Scenario(name, start, duration, seed, arrivals, shoppers, zoneKinds, zones, staff, staffStay,
                merchandise, model);
    }

    /** How shoppers treat a zone: its own override, else its kind's. */
    public ZoneBehaviour behaviour(String zoneId, ZoneKind kind) {
        ZoneOverride own = zones.get(zoneId);
        return own != null ? own.applyTo(zoneKinds.get(kind)) : zoneKinds.get(kind);
    }
}
