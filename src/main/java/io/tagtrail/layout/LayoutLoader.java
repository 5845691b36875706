package io.tagtrail.layout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads store layout files (JSON, one store per file) and checks them. Every problem in a file is reported at
 * once, so a layout author fixes them in one pass.
 */
public final class LayoutLoader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LayoutLoader() {
    }

    public static StoreLayout load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        } catch (IOException e) {
            throw new LayoutException("cannot read layout " + file + ": " + e.getMessage(), e);
        }
    }

    /** Loads a layout shipped inside the application, for example {@code simulator/layouts/sample-store.json}. */
    public static StoreLayout loadResource(String resource) {
        try (InputStream in = LayoutLoader.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new LayoutException("no bundled layout " + resource);
            }
            return parse(in, resource);
        } catch (IOException e) {
            throw new LayoutException("cannot read layout " + resource + ": " + e.getMessage(), e);
        }
    }

    /** Every {@code *.json} layout in a directory, by store id; two files for one store are an error. */
    public static Map<String, StoreLayout> loadDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new LayoutException("layouts directory " + dir + " does not exist");
        }
        Map<String, StoreLayout> byStore = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".json")).sorted()::iterator) {
                StoreLayout layout = load(f);
                StoreLayout previous = byStore.put(layout.storeId(), layout);
                if (previous != null) {
                    throw new LayoutException("store " + layout.storeId() + " has two layout files in " + dir);
                }
            }
        } catch (IOException e) {
            throw new LayoutException("cannot list layouts in " + dir + ": " + e.getMessage(), e);
        }
        if (byStore.isEmpty()) {
            throw new LayoutException("no *.json layout in " + dir);
        }
        return byStore;
    }

    public static StoreLayout parse(InputStream in, String source) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(in);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new LayoutException(source + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        List<String> problems = new ArrayList<>();
        String storeId = text(root, "store_id", problems);
        String name = root.path("name").asText(storeId);
        String timezone = root.path("timezone").asText("UTC");
        int version = root.path("version").asInt(1);
        Instant effectiveFrom = Instant.EPOCH;
        if (root.hasNonNull("effective_from")) {
            try {
                effectiveFrom = Instant.parse(root.get("effective_from").asText());
            } catch (DateTimeParseException e) {
                problems.add("effective_from is not an ISO-8601 instant: " + root.get("effective_from").asText());
            }
        }

        List<Zone> zones = new ArrayList<>();
        Map<String, Integer> zoneIndex = new HashMap<>();
        JsonNode zoneNodes = root.path("zones");
        if (!zoneNodes.isArray() || zoneNodes.isEmpty()) {
            problems.add("zones must be a non-empty array");
        }
        for (JsonNode z : zoneNodes) {
            String id = text(z, "id", problems);
            if (id == null) {
                continue;
            }
            String kindLabel = z.path("kind").asText("");
            ZoneKind kind = ZoneKind.parse(kindLabel);
            if (kind == null) {
                problems.add("zone " + id + ": kind '" + kindLabel + "' is not one of entrance, department, aisle,"
                        + " counter, checkout, escalator, fitting_room, other");
                kind = ZoneKind.OTHER;
            }
            if (!z.path("floor").isInt()) {
                problems.add("zone " + id + ": floor must be an integer");
            }
            if (zoneIndex.putIfAbsent(id, zones.size()) != null) {
                problems.add("zone " + id + " is defined twice");
                continue;
            }
            zones.add(new Zone(zones.size(), id, z.path("name").asText(id), z.path("floor").asInt(),
                    kind, z.path("x").asDouble(), z.path("y").asDouble(),
                    z.path("w").asDouble(10), z.path("h").asDouble(10)));
        }

        List<Set<Integer>> adjacent = new ArrayList<>();
        for (int i = 0; i < zones.size(); i++) {
            adjacent.add(new LinkedHashSet<>());
        }
        for (JsonNode z : zoneNodes) {
            Integer from = zoneIndex.get(z.path("id").asText());
            if (from == null) {
                continue;
            }
            for (JsonNode n : z.path("adjacent")) {
                Integer to = zoneIndex.get(n.asText());
                if (to == null) {
                    problems.add("zone " + z.path("id").asText() + ": adjacent zone " + n.asText() + " is not defined");
                } else if (!to.equals(from)) {
                    adjacent.get(from).add(to);
                    adjacent.get(to).add(from);
                }
            }
        }
        int[][] adjacency = new int[zones.size()][];
        for (int i = 0; i < zones.size(); i++) {
            adjacency[i] = adjacent.get(i).stream().mapToInt(Integer::intValue).sorted().toArray();
        }

        List<Reader> readers = new ArrayList<>();
        Set<String> readerNames = new java.util.HashSet<>();
        boolean[] covered = new boolean[zones.size()];
        for (JsonNode r : root.path("readers")) {
            String id = text(r, "id", problems);
            if (id == null) {
                continue;
            }
            String hostname = r.hasNonNull("hostname") ? r.get("hostname").asText() : null;
            if (!readerNames.add(id) || (hostname != null && !hostname.equals(id) && !readerNames.add(hostname))) {
                problems.add("reader " + id + ": id or hostname used twice");
            }
            Map<Integer, Integer> ports = new TreeMap<>();
            for (JsonNode a : r.path("antennas")) {
                int port = a.path("port").asInt(-1);
                Integer zone = zoneIndex.get(a.path("zone").asText());
                if (port < 1 || port > 64) {
                    problems.add("reader " + id + ": antenna port must be 1..64, got " + a.path("port"));
                } else if (zone == null) {
                    problems.add("reader " + id + " port " + port + ": zone " + a.path("zone").asText()
                            + " is not defined");
                } else if (ports.put(port, zone) != null) {
                    problems.add("reader " + id + ": port " + port + " is mapped twice");
                } else {
                    covered[zone] = true;
                }
            }
            readers.add(new Reader(readers.size(), id, hostname, Map.copyOf(ports)));
        }
        if (readers.isEmpty()) {
            problems.add("readers must be a non-empty array");
        }
        for (Zone z : zones) {
            if (!covered[z.index()]) {
                problems.add("zone " + z.id() + " is covered by no antenna");
            }
        }
        if (!problems.isEmpty()) {
            throw new LayoutException(source + ": " + String.join("; ", problems));
        }
        return new StoreLayout(storeId, name, timezone, version, effectiveFrom, zones, readers, adjacency,
                root.toString());
    }

    private static String text(JsonNode node, String field, List<String> problems) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            problems.add(field + " is missing or empty" + (node.has("id") ? " in " + node.get("id").asText() : ""));
            return null;
        }
        return v.asText();
    }
}
