package io.tagtrail.grafana;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The browser side of a Grafana SQL panel query: template variables replaced the way Grafana's {@code TemplateSrv}
 * does it with the SQL data sources' formatter. Ported from
 * <ul>
 *   <li>{@code public/app/features/templating/template_srv.ts}: the variable syntaxes {@code $name},
 *       {@code ${name}}, {@code ${name:format}} and {@code [[name]]} (one regular expression,
 *       {@code variableRegex}); a name that is not a variable stays as written, which is how
 *       {@code $__timeFilter(...)} reaches the server untouched;</li>
 *   <li>{@code public/app/features/plugins/sql/datasource/SqlDatasource.ts}, {@code interpolateVariable}: without a
 *       format, a multi-value or include-All variable becomes a list of SQL string literals ({@code 'a','b'}, quotes
 *       doubled), a plain single-value variable is inserted bare with its single quotes doubled;</li>
 *   <li>{@code formatRegistry.ts}: {@code sqlstring} (always literals; single quotes doubled, double quotes
 *       backslash-escaped), {@code raw} and {@code csv} (values joined by commas), {@code singlequote} and
 *       {@code doublequote}.</li>
 * </ul>
 * "All" is represented as the list of every option's value, which is what Grafana sends when a variable has no
 * custom all value (none of ours has).
 */
public final class TemplateVariables {
    /** {@code variableRegex} of Grafana's {@code variables/utils.ts}. */
    private static final Pattern VARIABLE = Pattern.compile(
            "\\$(\\w+)|\\[\\[(\\w+?)(?::(\\w+))?\\]\\]|\\$\\{(\\w+)(?:\\.([^:^\\}]+))?(?::([^\\}]+))?\\}");

    /** A variable's selected value(s) and the two flags that change how it is quoted. */
    public record Value(List<String> values, boolean multi, boolean includeAll) {
        public Value {
            values = List.copyOf(values);
            if (values.isEmpty()) {
                throw new IllegalArgumentException("a variable needs at least one selected value");
            }
        }

        public static Value single(String v) {
            return new Value(List.of(v), false, false);
        }
    }

    private final Map<String, Value> variables;

    public TemplateVariables(Map<String, Value> variables) {
        this.variables = Map.copyOf(variables);
    }

    /** These variables plus {@code name}; a repeated panel sees its repeat variable this way, one value at a time. */
    public TemplateVariables with(String name, Value value) {
        Map<String, Value> m = new LinkedHashMap<>(variables);
        m.put(name, value);
        return new TemplateVariables(m);
    }

    public String interpolate(String sql) {
        Matcher m = VARIABLE.matcher(sql);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(4);
            String format = m.group(3) != null ? m.group(3) : m.group(6);
            Value v = variables.get(name);
            String replacement = v == null ? m.group() : format == null ? sqlDefault(v) : formatted(v, format);
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** {@code SqlDatasource.interpolateVariable}. */
    private static String sqlDefault(Value v) {
        if (!v.multi() && !v.includeAll() && v.values().size() == 1) {
            return v.values().get(0).replace("'", "''");
        }
        return v.values().stream().map(TemplateVariables::quoteLiteral).collect(Collectors.joining(","));
    }

    private static String quoteLiteral(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    private static String formatted(Value v, String format) {
        List<String> values = v.values();
        return switch (format) {
            case "sqlstring" -> values.stream()
                    .map(s -> "'" + s.replace("'", "''").replace("\"", "\\\"") + "'")
                    .collect(Collectors.joining(","));
            case "raw", "csv" -> String.join(",", values);
            case "singlequote" -> values.stream().map(s -> "'" + s.replace("'", "\\'") + "'")
                    .collect(Collectors.joining(","));
            case "doublequote" -> values.stream().map(s -> "\"" + s.replace("\"", "\\\"") + "\"")
                    .collect(Collectors.joining(","));
            default -> throw new IllegalArgumentException("variable format " + format + " is not supported here");
        };
    }
}
