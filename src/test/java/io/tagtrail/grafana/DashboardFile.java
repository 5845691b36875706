package io.tagtrail.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** One provisioned dashboard JSON model from {@code grafana/dashboards}. */
public final class DashboardFile {
    public static final Path DIRECTORY = Path.of("grafana/dashboards");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path path;
    private final JsonNode json;

    private DashboardFile(Path path, JsonNode json) {
        this.path = path;
        this.json = json;
    }

    /** Every {@code *.json} of the dashboards directory, by file name. */
    public static List<DashboardFile> loadAll() {
        try (Stream<Path> files = Files.list(DIRECTORY)) {
            List<DashboardFile> out = new ArrayList<>();
            for (Path p : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                out.add(new DashboardFile(p, JSON.readTree(p.toFile())));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String fileName() {
        return path.getFileName().toString();
    }

    public JsonNode json() {
        return json;
    }

    /** Template variables in dashboard order (the order Grafana resolves them in). */
    public List<JsonNode> variables() {
        List<JsonNode> out = new ArrayList<>();
        json.path("templating").path("list").forEach(out::add);
        return out;
    }

    /** Every panel, those inside collapsed rows included; rows themselves are not panels here. */
    public List<JsonNode> panels() {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode p : json.path("panels")) {
            if (p.path("type").asText().equals("row")) {
                p.path("panels").forEach(out::add);
            } else {
                out.add(p);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return fileName();
    }
}
