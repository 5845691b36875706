package io.tagtrail.fidelity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What really happened, as the simulator writes it (JSON Lines, DESIGN.md "Ground truth"). */
public record GroundTruth(List<Visit> visits, List<TripPath> trips) {
    /** A zone visit, true or detected, in epoch millis. */
    public record Visit(String storeId, String epc, String zoneId, long enterMillis, long exitMillis) {
        public long dwellMillis() {
            return exitMillis - enterMillis;
        }
    }

    /** A trip, true or detected, with its zone path. */
    public record TripPath(String storeId, String epc, long startMillis, long endMillis, List<String> path) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    public static GroundTruth load(Path file) throws IOException {
        List<Visit> visits = new ArrayList<>();
        List<TripPath> trips = new ArrayList<>();
        int lineNo = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n;
                try {
                    n = JSON.readTree(line);
                    String type = n.path("type").asText();
                    if (type.equals("zone_visit")) {
                        visits.add(new Visit(n.get("store_id").asText(), n.get("epc").asText(),
                                n.get("zone_id").asText(), millis(n, "enter"), millis(n, "exit")));
                    } else if (type.equals("trip")) {
                        List<String> path = new ArrayList<>();
                        n.get("path").forEach(z -> path.add(z.asText()));
                        trips.add(new TripPath(n.get("store_id").asText(), n.get("epc").asText(),
                                millis(n, "start"), millis(n, "end"), path));
                    }
                } catch (IOException | RuntimeException e) {
                    throw new IOException(file + " line " + lineNo + " is not a ground-truth record: "
                            + e.getMessage(), e);
                }
            }
        }
        return new GroundTruth(visits, trips);
    }

    private static long millis(JsonNode n, String field) {
        return Instant.parse(n.get(field).asText()).toEpochMilli();
    }

    public long startMillis() {
        return visits.stream().mapToLong(Visit::enterMillis).min().orElse(0);
    }

    public long endMillis() {
        return visits.stream().mapToLong(Visit::exitMillis).max().orElse(0);
    }
}
