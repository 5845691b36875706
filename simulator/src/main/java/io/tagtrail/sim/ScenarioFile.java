package io.tagtrail.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tagtrail.config.Settings;
import io.tagtrail.layout.ZoneKind;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads scenario files (JSON). Every scenario is laid over the bundled {@code simulator/scenarios/default.json}:
 * objects merge key by key, anything else replaces, so a scenario file states only what differs from the
 * defaults. Unknown keys are errors (a typo must not silently keep a default). The parameters are documented in
 * {@code simulator/README.md}.
 *
 * @param scenario the scenario; its start is {@code start} when the file gives one, else a placeholder
 * @param start    the start the file gives, or null (the caller picks one)
 * @param layout   the store layout the scenario is written for (a path or a bundled resource), or null
 * @param source   where it was read from
 */
public record ScenarioFile(Scenario scenario, Instant start, String layout, String source) {
    public static final String DEFAULT_RESOURCE = "simulator/scenarios/default.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NO_START = Instant.parse("2026-01-01T00:00:00Z");

    public ScenarioFile {
        if (scenario == null) {
            throw new IllegalArgumentException("scenario is required");
        }
    }

    /** The bundled default scenario. */
    public static ScenarioFile defaults() {
        return parseTree(bundledDefaults(), DEFAULT_RESOURCE);
    }

    /**
     * A scenario file, or a bundled scenario by name ({@code department-store} is
     * {@code simulator/scenarios/department-store.json} inside the application) when no such file exists.
     */
    public static ScenarioFile load(Path file) {
        if (!Files.exists(file)) {
            String name = file.getFileName().toString();
            String resource = "simulator/scenarios/" + (name.endsWith(".json") ? name : name + ".json");
            try (InputStream in = ScenarioFile.class.getClassLoader().getResourceAsStream(resource)) {
                if (in != null) {
                    return parse(in, resource);
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read bundled scenario " + resource, e);
            }
        }
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read scenario " + file + ": " + e.getMessage(), e);
        }
    }

    public static ScenarioFile parse(InputStream in, String source) throws IOException {
        JsonNode overlay;
        try {
            overlay = JSON.readTree(in);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(source + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (overlay == null || !overlay.isObject()) {
            throw new IllegalArgumentException(source + ": a scenario is a JSON object");
        }
        ObjectNode merged = bundledDefaults();
        merge(merged, (ObjectNode) overlay);
        return parseTree(merged, source);
    }

    private static ObjectNode bundledDefaults() {
        try (InputStream in = ScenarioFile.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the bundled " + DEFAULT_RESOURCE + " is missing");
            }
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the bundled " + DEFAULT_RESOURCE, e);
        }
    }

    private static void merge(ObjectNode base, ObjectNode overlay) {
        for (Iterator<Map.Entry<String, JsonNode>> it = overlay.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode existing = base.get(e.getKey());
            if (existing != null && existing.isObject() && e.getValue().isObject()) {
                merge((ObjectNode) existing, (ObjectNode) e.getValue());
            } else {
                base.set(e.getKey(), e.getValue());
            }
        }
    }

    private static ScenarioFile parseTree(ObjectNode root, String source) {
        Fields r = new Fields(source);
        r.known(root, "", "name", "description", "layout", "run", "arrivals", "shoppers", "zone_kinds", "zones", "staff",
                "merchandise", "rf");
        JsonNode run = r.object(root, "run");
        r.known(run, "run", "seed", "duration", "start");
        long seed = r.integer(run, "run", "seed");
        Duration duration = r.duration(run, "run", "duration");
        Instant start = null;
        if (run.hasNonNull("start")) {
            try {
                start = Instant.parse(run.get("start").asText());
            } catch (DateTimeParseException e) {
                r.fail("run.start must be an ISO-8601 instant such as 2026-11-21T10:00:00Z");
            }
        }

        JsonNode a = r.object(root, "arrivals");
        r.known(a, "arrivals", "shoppers_per_hour", "opening_hours", "hourly_profile", "pair_share", "pair_lag_max_s");
        JsonNode hours = r.object(a, "opening_hours");
        r.known(hours, "arrivals.opening_hours", "open", "close");
        JsonNode profile = r.field(a, "arrivals", "hourly_profile");
        double[] weights = new double[profile.size()];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = profile.get(i).asDouble(-1);
        }
        Arrivals arrivals = r.build("arrivals", () -> new Arrivals(r.number(a, "arrivals", "shoppers_per_hour"),
                r.time(hours, "arrivals.opening_hours", "open"), r.time(hours, "arrivals.opening_hours", "close"),
                weights, r.number(a, "arrivals", "pair_share"),
                Math.round(r.number(a, "arrivals", "pair_lag_max_s") * 1000)));

        JsonNode s = r.object(root, "shoppers");
        r.known(s, "shoppers", "member_share", "tiers", "segments", "targets", "checkout_probability");
        List<ShopperMix.Tier> tiers = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = r.object(s, "tiers").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> t = it.next();
            tiers.add(r.build("shoppers.tiers", () -> new ShopperMix.Tier(t.getKey(), t.getValue().asDouble(-1))));
        }
        List<String> segments = new ArrayList<>();
        r.field(s, "shoppers", "segments").forEach(n -> segments.add(n.asText()));
        JsonNode targets = r.object(s, "targets");
        r.known(targets, "shoppers.targets", "min", "max");
        ShopperMix mix = r.build("shoppers", () -> new ShopperMix(r.number(s, "shoppers", "member_share"), tiers,
                segments, (int) r.integer(targets, "shoppers.targets", "min"),
                (int) r.integer(targets, "shoppers.targets", "max"),
                r.number(s, "shoppers", "checkout_probability")));

        JsonNode kinds = r.object(root, "zone_kinds");
        Map<ZoneKind, ZoneBehaviour> zoneKinds = new EnumMap<>(ZoneKind.class);
        for (Iterator<Map.Entry<String, JsonNode>> it = kinds.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> k = it.next();
            ZoneKind kind = ZoneKind.parse(k.getKey());
            if (kind == null) {
                r.fail("zone_kinds." + k.getKey() + " is not a zone kind");
            }
            zoneKinds.put(kind, r.behaviour(k.getValue(), "zone_kinds." + k.getKey()));
        }
        Map<String, ZoneOverride> zones = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = r.object(root, "zones").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> z = it.next();
            zones.put(z.getKey(), r.override(z.getValue(), "zones." + z.getKey()));
        }

        JsonNode staff = r.object(root, "staff");
        r.known(staff, "staff", "badges", "stay");
        JsonNode merch = r.object(root, "merchandise");
        Map<ZoneKind, Integer> merchandise = new EnumMap<>(ZoneKind.class);
        for (Iterator<Map.Entry<String, JsonNode>> it = merch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> m = it.next();
            ZoneKind kind = ZoneKind.parse(m.getKey());
            if (kind == null || !m.getValue().canConvertToInt()) {
                r.fail("merchandise." + m.getKey() + ": a zone kind with a whole number of tags per zone");
            }
            merchandise.put(kind, m.getValue().asInt());
        }

        RfModel rf = r.rf(r.object(root, "rf"));
        String name = root.path("name").asText(source);
        Scenario scenario = r.build("scenario", () -> new Scenario(name, NO_START, duration, seed, arrivals, mix,
                zoneKinds, zones, (int) r.integer(staff, "staff", "badges"), r.dwell(staff, "staff", "stay"),
                merchandise, rf));
        String layout = root.hasNonNull("layout") ? root.get("layout").asText() : null;
        return new ScenarioFile(start != null ? scenario.withRun(start, duration, seed) : scenario, start, layout,
                source);
    }

    /** Field access that names the file and the path of what is wrong. */
    private static final class Fields {
        private final String source;

        Fields(String source) {
            this.source = source;
        }

        void fail(String problem) {
            throw new IllegalArgumentException(source + ": " + problem);
        }

        <T> T build(String path, java.util.function.Supplier<T> make) {
            try {
                return make.get();
            } catch (IllegalArgumentException e) {
                if (e.getMessage() != null && e.getMessage().startsWith(source + ": ")) {
                    throw e;
                }
                throw new IllegalArgumentException(source + ": " + path + ": " + e.getMessage(), e);
            }
        }

        void known(JsonNode node, String path, String... keys) {
            Set<String> allowed = Set.of(keys);
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!allowed.contains(k)) {
                    fail((path.isEmpty() ? "" : path + ".") + k + " is not a scenario setting (known: "
                            + String.join(", ", keys) + ")");
                }
            }
        }

        JsonNode field(JsonNode node, String path, String key) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                fail(path + "." + key + " is missing");
            }
            return v;
        }

        JsonNode object(JsonNode node, String key) {
            JsonNode v = node.get(key);
            if (v == null || !v.isObject()) {
                fail(key + " must be an object");
            }
            return v;
        }

        double number(JsonNode node, String path, String key) {
            JsonNode v = field(node, path, key);
            if (!v.isNumber()) {
                fail(path + "." + key + " must be a number, got " + v);
            }
            return v.asDouble();
        }

        long integer(JsonNode node, String path, String key) {
            JsonNode v = field(node, path, key);
            if (!v.canConvertToLong() || !v.isIntegralNumber()) {
                fail(path + "." + key + " must be a whole number, got " + v);
            }
            return v.asLong();
        }

        Duration duration(JsonNode node, String path, String key) {
            Duration d = Settings.parseDuration(field(node, path, key).asText());
            if (d == null || d.isZero() || d.isNegative()) {
                fail(path + "." + key + " must be a positive duration such as 10m or 2h");
            }
            return d;
        }

        LocalTime time(JsonNode node, String path, String key) {
            String v = field(node, path, key).asText();
            if (v.equals("24:00")) {
                return LocalTime.MIDNIGHT;
            }
            try {
                return LocalTime.parse(v);
            } catch (DateTimeParseException e) {
                fail(path + "." + key + " must be a local time such as 09:30 (24:00 for midnight), got " + v);
                return null;
            }
        }

        DwellDistribution dwell(JsonNode node, String path, String key) {
            JsonNode d = field(node, path, key);
            String p = path + "." + key;
            known(d, p, "law", "median_s", "sigma", "mean_s", "min_s", "max_s");
            DwellDistribution.Law law = DwellDistribution.Law.parse(d.path("law").asText());
            if (law == null) {
                fail(p + ".law must be lognormal, uniform or exponential");
            }
            double min = number(d, p, "min_s");
            double max = number(d, p, "max_s");
            return build(p, () -> switch (law) {
                case UNIFORM -> DwellDistribution.uniform(min, max);
                case LOGNORMAL -> DwellDistribution.logNormal(number(d, p, "median_s"), number(d, p, "sigma"), min,
                        max);
                case EXPONENTIAL -> DwellDistribution.exponential(number(d, p, "mean_s"), min, max);
            });
        }

        ZoneBehaviour behaviour(JsonNode b, String path) {
            known(b, path, "attraction", "stop_probability", "stop_dwell", "pass_dwell", "transit_dwell");
            return build(path, () -> new ZoneBehaviour(number(b, path, "attraction"),
                    number(b, path, "stop_probability"), dwell(b, path, "stop_dwell"), dwell(b, path, "pass_dwell"),
                    dwell(b, path, "transit_dwell")));
        }

        ZoneOverride override(JsonNode b, String path) {
            known(b, path, "attraction", "stop_probability", "stop_dwell", "pass_dwell", "transit_dwell");
            return new ZoneOverride(b.has("attraction") ? number(b, path, "attraction") : null,
                    b.has("stop_probability") ? number(b, path, "stop_probability") : null,
                    b.has("stop_dwell") ? dwell(b, path, "stop_dwell") : null,
                    b.has("pass_dwell") ? dwell(b, path, "pass_dwell") : null,
                    b.has("transit_dwell") ? dwell(b, path, "transit_dwell") : null);
        }

        AntennaRf antenna(JsonNode a, String path, AntennaRf base) {
            known(a, path, "miss_probability", "cross_read_probability", "own_rssi_dbm", "cross_offset_db",
                    "rssi_sigma_db", "duplicate_probability");
            return build(path, () -> new AntennaRf(
                    a.has("miss_probability") || base == null ? number(a, path, "miss_probability")
                            : base.missProbability(),
                    a.has("cross_read_probability") || base == null ? number(a, path, "cross_read_probability")
                            : base.crossReadProbability(),
                    a.has("own_rssi_dbm") || base == null ? number(a, path, "own_rssi_dbm") : base.ownRssiDbm(),
                    a.has("cross_offset_db") || base == null ? number(a, path, "cross_offset_db")
                            : base.crossOffsetDb(),
                    a.has("rssi_sigma_db") || base == null ? number(a, path, "rssi_sigma_db") : base.rssiSigmaDb(),
                    a.has("duplicate_probability") || base == null ? number(a, path, "duplicate_probability")
                            : base.duplicateProbability()));
        }

        ReaderRf reader(JsonNode a, String path, ReaderRf base) {
            known(a, path, "cycle_ms", "clock_offset_ms");
            Double offset = base == null ? null : base.clockOffsetMillis();
            if (a.hasNonNull("clock_offset_ms")) {
                offset = number(a, path, "clock_offset_ms");
            }
            Double clockOffset = offset;
            return build(path, () -> new ReaderRf(
                    a.has("cycle_ms") || base == null ? (int) integer(a, path, "cycle_ms") : base.cycleMillis(),
                    clockOffset));
        }

        RfModel rf(JsonNode rf) {
            known(rf, "rf", "reader", "antenna", "clock_offset_sigma_ms", "outages_per_reader_per_hour",
                    "outage_duration", "max_reads_per_message", "readers", "antennas");
            ReaderRf reader = reader(object(rf, "reader"), "rf.reader", null);
            AntennaRf antenna = antenna(object(rf, "antenna"), "rf.antenna", null);
            Map<String, ReaderRf> readers = new LinkedHashMap<>();
            rf.path("readers").fields().forEachRemaining(e ->
                    readers.put(e.getKey(), reader(e.getValue(), "rf.readers." + e.getKey(), reader)));
            Map<String, AntennaRf> antennas = new LinkedHashMap<>();
            rf.path("antennas").fields().forEachRemaining(e -> {
                if (!e.getKey().matches(".+:\\d+")) {
                    fail("rf.antennas." + e.getKey() + ": key must be reader:port, e.g. r-f0-a:1");
                }
                antennas.put(e.getKey(), antenna(e.getValue(), "rf.antennas." + e.getKey(), antenna));
            });
            return build("rf", () -> new RfModel(reader, antenna, number(rf, "rf", "clock_offset_sigma_ms"),
                    number(rf, "rf", "outages_per_reader_per_hour"), dwell(rf, "rf", "outage_duration"),
                    (int) integer(rf, "rf", "max_reads_per_message"), readers, antennas));
        }
    }
}
