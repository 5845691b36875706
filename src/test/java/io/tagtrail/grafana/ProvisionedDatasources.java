package io.tagtrail.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The data sources of {@code grafana/provisioning/datasources/tagtrail.yaml}, by uid. */
public final class ProvisionedDatasources {
    public static final Path FILE = Path.of("grafana/provisioning/datasources/tagtrail.yaml");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final JsonNode yaml;
    private final Map<String, JsonNode> byUid = new LinkedHashMap<>();

    private ProvisionedDatasources(JsonNode yaml) {
        this.yaml = yaml;
        for (JsonNode ds : yaml.path("datasources")) {
            byUid.put(ds.path("uid").asText(), ds);
        }
    }

    public static ProvisionedDatasources load() {
        try {
            return new ProvisionedDatasources(YAML.readTree(FILE.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public JsonNode yaml() {
        return yaml;
    }

    public Map<String, JsonNode> byUid() {
        return Map.copyOf(byUid);
    }

    /** The data source's TimescaleDB option, which decides how {@code $__timeGroup} expands. */
    public boolean timescaledb(String uid) {
        JsonNode ds = byUid.get(uid);
        if (ds == null) {
            throw new IllegalArgumentException("no provisioned data source with uid " + uid);
        }
        return ds.path("jsonData").path("timescaledb").asBoolean(false);
    }
}
