package io.tagtrail.grafana;

import com.fasterxml.jackson.databind.JsonNode;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a dashboard the way Grafana would: resolves its template variables in order (running the query variables
 * against the database), then sends every panel target through {@link TemplateVariables} and {@link GrafanaMacros}
 * to the database, and reports each query's row count or error. A repeated panel runs once per value of its repeat
 * variable; a target that uses a single-value custom variable (such as "compare by") runs once per option.
 */
public final class PanelQueries {
    /** Which values of the multi-value variables are selected. */
    public enum Selection {
        /** What the dashboard opens with (its saved {@code current}, "All" meaning every option). */
        DASHBOARD_DEFAULTS,
        /** Only the first option of every multi-value variable, to exercise single-value quoting. */
        FIRST_OPTION
    }

    /** One query that was run: a panel target, or a variable's options query. */
    public record Outcome(String dashboard, String panel, String refId, String variant, String sql, long rows,
                          String error) {
        public boolean failed() {
            return error != null;
        }

        public String describe() {
            return dashboard + " / " + panel + " / " + refId + (variant.isEmpty() ? "" : " [" + variant + "]")
                    + (failed() ? ": " + error : ": " + rows + " rows") + "\n    " + sql.replace("\n", "\n    ");
        }
    }

    private static final Duration INTERVAL = Duration.ofMinutes(1);
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{?(\\w+)");

    private final Connection connection;
    private final GrafanaMacros macros;
    private final Instant from;
    private final Instant to;

    /**
     * @param connection  where the queries run (set read-only by the caller when it wants the role checked)
     * @param timescaledb the TimescaleDB option of the data source the dashboard is shown with
     * @param from        dashboard time range start
     * @param to          dashboard time range end
     */
    public PanelQueries(Connection connection, boolean timescaledb, Instant from, Instant to) {
        this.connection = connection;
        this.macros = new GrafanaMacros(timescaledb);
        this.from = from;
        this.to = to;
    }

    public List<Outcome> run(DashboardFile dashboard, String datasourceUid, Selection selection) {
        List<Outcome> outcomes = new ArrayList<>();
        Map<String, TemplateVariables.Value> values = new LinkedHashMap<>();
        Map<String, List<String>> variants = new LinkedHashMap<>();
        for (JsonNode v : dashboard.variables()) {
            String name = v.path("name").asText();
            List<String> options = switch (v.path("type").asText()) {
                case "datasource" -> List.of(datasourceUid);
                case "query" -> {
                    String sql = expand(new TemplateVariables(values), v.path("query").asText());
                    Outcome o = execute(dashboard.fileName(), "variable $" + name, "options", "", sql);
                    outcomes.add(o);
                    yield o.failed() ? List.of() : firstColumnOrValue(sql);
                }
                case "custom", "interval" -> customOptions(v.path("query").asText());
                case "constant", "textbox" -> List.of(v.path("query").asText());
                default -> throw new IllegalArgumentException(dashboard + ": variable type "
                        + v.path("type").asText() + " is not supported by this test");
            };
            if (options.isEmpty()) {
                outcomes.add(new Outcome(dashboard.fileName(), "variable $" + name, "options", "", "", 0,
                        "the variable has no options"));
                continue;
            }
            boolean multi = v.path("multi").asBoolean(false);
            boolean includeAll = v.path("includeAll").asBoolean(false);
            List<String> selected = multi && selection == Selection.FIRST_OPTION ? List.of(options.get(0))
                    : selected(v.path("current"), options);
            values.put(name, new TemplateVariables.Value(selected, multi, includeAll));
            if (v.path("type").asText().equals("custom") && !multi) {
                variants.put(name, options);
            }
        }
        TemplateVariables base = new TemplateVariables(values);
        for (JsonNode panel : dashboard.panels()) {
            String title = panel.path("title").asText();
            List<TemplateVariables> repeated = new ArrayList<>();
            String repeat = panel.path("repeat").asText("");
            if (!repeat.isEmpty() && values.containsKey(repeat)) {
                TemplateVariables.Value r = values.get(repeat);
                for (String one : r.values()) {
                    repeated.add(base.with(repeat, new TemplateVariables.Value(List.of(one), r.multi(),
                            r.includeAll())));
                }
            } else {
                repeated.add(base);
            }
            for (JsonNode target : panel.path("targets")) {
                if (target.path("hide").asBoolean(false)) {
                    continue;
                }
                String raw = target.path("rawSql").asText();
                String refId = target.path("refId").asText();
                for (TemplateVariables vars : repeated) {
                    for (Map.Entry<String, TemplateVariables> variant : variantsOf(raw, vars, variants).entrySet()) {
                        outcomes.add(execute(dashboard.fileName(), title, refId, variant.getKey(),
                                expand(variant.getValue(), raw)));
                    }
                }
            }
        }
        return outcomes;
    }

    private String expand(TemplateVariables vars, String sql) {
        return macros.expand(vars.interpolate(sql), from, to, INTERVAL);
    }

    /** One entry per combination of the single-value custom variables the query uses. */
    private static Map<String, TemplateVariables> variantsOf(String sql, TemplateVariables vars,
                                                             Map<String, List<String>> variants) {
        Set<String> used = new LinkedHashSet<>();
        Matcher m = REFERENCE.matcher(sql);
        while (m.find()) {
            if (variants.containsKey(m.group(1))) {
                used.add(m.group(1));
            }
        }
        Map<String, TemplateVariables> out = new LinkedHashMap<>();
        out.put("", vars);
        for (String name : used) {
            Map<String, TemplateVariables> next = new LinkedHashMap<>();
            for (Map.Entry<String, TemplateVariables> e : out.entrySet()) {
                for (String option : variants.get(name)) {
                    String label = (e.getKey().isEmpty() ? "" : e.getKey() + ", ") + name + "=" + option;
                    next.put(label, e.getValue().with(name, TemplateVariables.Value.single(option)));
                }
            }
            out = next;
        }
        return out;
    }

    private static List<String> selected(JsonNode current, List<String> options) {
        List<String> wanted = new ArrayList<>();
        JsonNode value = current.path("value");
        if (value.isArray()) {
            value.forEach(x -> wanted.add(x.asText()));
        } else if (!value.isMissingNode()) {
            wanted.add(value.asText());
        }
        if (wanted.contains("$__all")) {
            return options;
        }
        List<String> chosen = wanted.stream().filter(options::contains).toList();
        // Grafana falls back to the first option when the saved value is no longer among the options
        return chosen.isEmpty() ? List.of(options.get(0)) : chosen;
    }

    /** A custom variable's query: comma-separated values, each {@code value} or {@code text : value}. */
    static List<String> customOptions(String query) {
        List<String> out = new ArrayList<>();
        for (String part : query.split("(?<!\\\\),")) {
            String p = part.strip().replace("\\,", ",");
            int colon = p.indexOf(" : ");
            out.add(colon >= 0 ? p.substring(colon + 3).strip() : p);
        }
        return out;
    }

    /** Options of a query variable: the {@code __value} column when there is one, else the first column. */
    private List<String> firstColumnOrValue(String sql) {
        List<String> out = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            int column = 1;
            for (int i = 1; i <= md.getColumnCount(); i++) {
                if (md.getColumnLabel(i).equals("__value")) {
                    column = i;
                }
            }
            while (rs.next()) {
                String v = rs.getString(column);
                if (v != null && !out.contains(v)) {
                    out.add(v);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("variable query failed a second time: " + e.getMessage(), e);
        }
        return out;
    }

    private Outcome execute(String dashboard, String panel, String refId, String variant, String sql) {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            long rows = 0;
            while (rs.next()) {
                rows++;
            }
            return new Outcome(dashboard, panel, refId, variant, sql, rows, null);
        } catch (SQLException e) {
            return new Outcome(dashboard, panel, refId, variant, sql, 0, e.getMessage());
        }
    }
}
