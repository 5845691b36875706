package io.tagtrail.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tagtrail.layout.LayoutLoader;
import io.tagtrail.layout.StoreLayout;
import io.tagtrail.layout.Zone;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JSON models and provisioning files themselves, without a database (DashboardQueriesIT runs the queries). */
class DashboardFilesTest {
    /** Panel types that ship with Grafana 10.4 / 11: nothing to install. */
    static final Set<String> BUILT_IN = Set.of("stat", "bargauge", "gauge", "timeseries", "table", "barchart",
            "canvas", "nodeGraph", "piechart", "heatmap", "histogram", "xychart", "text", "state-timeline",
            "status-history", "row");
    static final String PLUGIN = "grafana-postgresql-datasource";
    static final Pattern VARIABLE = Pattern.compile("\\$(\\w+)|\\[\\[(\\w+?)(?::\\w+)?\\]\\]|\\$\\{(\\w+)[^}]*\\}");
    static final Pattern TIME_MACRO = Pattern.compile("\\$__time(Filter|From|To|Group|GroupAlias)\\(");

    final List<DashboardFile> dashboards = DashboardFile.loadAll();

    @Test
    void theThreeDashboardsAreThere() {
        assertEquals(List.of("members.json", "merchandising.json", "store-operations.json"),
                dashboards.stream().map(DashboardFile::fileName).toList());
    }

    @Test
    void everyDashboardHasAUniqueUidAndTheRequiredVariables() {
        Set<String> uids = new HashSet<>();
        for (DashboardFile d : dashboards) {
            JsonNode j = d.json();
            assertTrue(uids.add(j.path("uid").asText()), d + " uid is unique");
            assertFalse(j.path("title").asText().isBlank(), d + " has a title");
            assertTrue(j.path("schemaVersion").asInt() >= 36, d + " schemaVersion");
            assertFalse(j.has("id") && !j.get("id").isNull(), d + " carries no database id (provisioned by uid)");
            assertTrue(j.path("time").has("from") && j.path("time").has("to"), d + " has a default time range");
            List<String> names = d.variables().stream().map(v -> v.path("name").asText()).toList();
            assertTrue(names.containsAll(List.of("datasource", "store", "floor", "zone", "tier")), d + ": " + names);
            assertEquals("datasource", names.get(0), d + ": the data source variable comes first");
        }
    }

    @Test
    void queryVariablesRunOnTheChosenDataSourceAndOfferAll() {
        for (DashboardFile d : dashboards) {
            for (JsonNode v : d.variables()) {
                if (v.path("type").asText().equals("query")) {
                    assertEquals("${datasource}", v.path("datasource").path("uid").asText(), d + " $" + v.path("name"));
                    assertFalse(v.path("query").asText().isBlank(), d + " $" + v.path("name"));
                }
                if (List.of("store", "floor", "zone", "tier", "segment").contains(v.path("name").asText())) {
                    assertTrue(v.path("multi").asBoolean() && v.path("includeAll").asBoolean(),
                            d + " $" + v.path("name") + " is multi-value with All");
                }
            }
        }
    }

    @Test
    void everyPanelIsABuiltInTypeWithAUniqueIdAndAPlace() {
        for (DashboardFile d : dashboards) {
            Set<Integer> ids = new HashSet<>();
            for (JsonNode p : d.panels()) {
                String what = d + " panel " + p.path("title").asText();
                assertTrue(BUILT_IN.contains(p.path("type").asText()), what + " type " + p.path("type"));
                assertTrue(ids.add(p.path("id").asInt()), what + " id is unique");
                JsonNode g = p.path("gridPos");
                assertTrue(g.path("w").asInt() > 0 && g.path("h").asInt() > 0 && g.path("x").asInt() + g.path("w").asInt() <= 24,
                        what + " gridPos " + g);
                assertFalse(p.path("title").asText().isBlank(), what);
            }
        }
    }

    @Test
    void everyTargetIsRawSqlOnTheDashboardsDataSource() {
        for (DashboardFile d : dashboards) {
            for (JsonNode p : d.panels()) {
                String what = d + " panel " + p.path("title").asText();
                assertEquals(PLUGIN, p.path("datasource").path("type").asText(), what);
                assertEquals("${datasource}", p.path("datasource").path("uid").asText(), what);
                assertTrue(p.path("targets").size() >= 1, what + " has a query");
                Set<String> refIds = new HashSet<>();
                for (JsonNode t : p.path("targets")) {
                    assertTrue(refIds.add(t.path("refId").asText()), what + " refId unique");
                    assertEquals("${datasource}", t.path("datasource").path("uid").asText(), what);
                    assertTrue(t.path("rawQuery").asBoolean() && t.path("editorMode").asText().equals("code"), what);
                    assertTrue(Set.of("table", "time_series").contains(t.path("format").asText()), what);
                    assertFalse(t.path("rawSql").asText().isBlank(), what);
                }
            }
        }
    }

    @Test
    void everyPanelQueryHonoursTheDashboardTimeRange() {
        for (DashboardFile d : dashboards) {
            for (JsonNode p : d.panels()) {
                for (JsonNode t : p.path("targets")) {
                    assertTrue(TIME_MACRO.matcher(t.path("rawSql").asText()).find(),
                            d + " panel " + p.path("title").asText() + " " + t.path("refId").asText()
                                    + " uses no time macro");
                }
            }
        }
    }

    @Test
    void timeSeriesQueriesReturnATimeColumn() {
        for (DashboardFile d : dashboards) {
            for (JsonNode p : d.panels()) {
                for (JsonNode t : p.path("targets")) {
                    if (t.path("format").asText().equals("time_series")) {
                        assertTrue(t.path("rawSql").asText().contains("$__timeGroupAlias("),
                                d + " panel " + p.path("title").asText());
                    }
                }
            }
        }
    }

    @Test
    void everyVariableThatAQueryUsesIsDefined() {
        for (DashboardFile d : dashboards) {
            Set<String> defined = new HashSet<>();
            for (JsonNode v : d.variables()) {
                String name = v.path("name").asText();
                // a variable may only use the variables defined before it: Grafana resolves them in order
                assertUsesOnly(d + " $" + name, v.path("query").asText(), defined);
                defined.add(name);
            }
            for (JsonNode p : d.panels()) {
                assertUsesOnly(d + " panel title " + p.path("title").asText(), p.path("title").asText(), defined);
                for (JsonNode t : p.path("targets")) {
                    assertUsesOnly(d + " panel " + p.path("title").asText(), t.path("rawSql").asText(), defined);
                }
            }
        }
    }

    private static void assertUsesOnly(String what, String text, Set<String> defined) {
        Matcher m = VARIABLE.matcher(text);
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
            if (!name.startsWith("__")) {
                assertTrue(defined.contains(name), what + " uses undefined variable $" + name);
            }
        }
    }

    @Test
    void canvasFloorPlanDrawsEveryZoneOfTheSampleLayoutAtItsPlace() {
        StoreLayout layout = LayoutLoader.load(Path.of("simulator/layouts/sample-store.json"));
        JsonNode canvas = dashboards.stream().filter(d -> d.fileName().equals("store-operations.json")).findFirst()
                .orElseThrow().panels().stream().filter(p -> p.path("type").asText().equals("canvas")).findFirst()
                .orElseThrow();
        Map<String, JsonNode> rectangles = new HashMap<>();
        for (JsonNode e : canvas.path("options").path("root").path("elements")) {
            if (e.path("type").asText().equals("rectangle")) {
                rectangles.put(e.path("name").asText(), e);
            }
        }
        assertEquals(layout.zoneCount(), rectangles.size());
        double scale = 10;
        for (Zone z : layout.zones()) {
            JsonNode e = rectangles.get(z.id());
            assertNotNull(e, "canvas element for zone " + z.id());
            assertEquals(z.id(), e.path("config").path("text").path("field").asText(), "shows the zone's occupancy");
            assertEquals(z.id(), e.path("background").path("color").path("field").asText(), "coloured by it");
            JsonNode place = e.path("placement");
            assertEquals(z.width() * scale, place.path("width").asDouble(), 1e-9, z.id());
            assertEquals(z.height() * scale, place.path("height").asDouble(), 1e-9, z.id());
        }
        // zones on one floor keep their relative positions
        Zone hall = layout.zones().stream().filter(z -> z.id().equals("z-f0-hall")).findFirst().orElseThrow();
        Zone beauty = layout.zones().stream().filter(z -> z.id().equals("z-f0-beauty")).findFirst().orElseThrow();
        assertEquals((hall.x() - beauty.x()) * scale, rectangles.get("z-f0-hall").path("placement").path("left").asDouble()
                - rectangles.get("z-f0-beauty").path("placement").path("left").asDouble(), 1e-9);
        assertEquals("rowsToFields", canvas.path("transformations").path(0).path("id").asText());
    }

    @Test
    void dataSourcesReadTheDatabaseWithCredentialsFromTheEnvironment() {
        ProvisionedDatasources ds = ProvisionedDatasources.load();
        assertEquals(1, ds.yaml().path("apiVersion").asInt());
        assertEquals(Set.of("tagtrail-timescaledb", "tagtrail-postgres"), ds.byUid().keySet());
        assertTrue(ds.timescaledb("tagtrail-timescaledb"));
        assertFalse(ds.timescaledb("tagtrail-postgres"));
        for (JsonNode d : ds.byUid().values()) {
            assertEquals(PLUGIN, d.path("type").asText());
            assertEquals("${TAGTRAIL_GRAFANA_DB_HOST}", d.path("url").asText());
            assertEquals("${TAGTRAIL_GRAFANA_DB_USER}", d.path("user").asText());
            assertEquals("${TAGTRAIL_GRAFANA_DB_NAME}", d.path("jsonData").path("database").asText());
            assertEquals("${TAGTRAIL_GRAFANA_DB_PASSWORD}", d.path("secureJsonData").path("password").asText());
            assertFalse(d.has("password") || d.path("jsonData").has("password"), "the password is only kept encrypted");
        }
        for (DashboardFile d : dashboards) {
            String current = d.variables().get(0).path("current").path("value").asText();
            assertTrue(ds.byUid().containsKey(current), d + " opens with a provisioned data source: " + current);
            assertTrue(ds.timescaledb(current), d + " opens with the TimescaleDB option on");
        }
    }

    @Test
    void dashboardProviderLoadsTheDashboardsDirectory() throws Exception {
        JsonNode yaml = new ObjectMapper(new YAMLFactory())
                .readTree(Path.of("grafana/provisioning/dashboards/tagtrail.yaml").toFile());
        JsonNode provider = yaml.path("providers").path(0);
        assertEquals("file", provider.path("type").asText());
        assertEquals("${TAGTRAIL_GRAFANA_DASHBOARDS}", provider.path("options").path("path").asText());
    }
}
