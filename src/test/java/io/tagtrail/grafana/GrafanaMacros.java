package io.tagtrail.grafana;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server side of Grafana's PostgreSQL data source: what Grafana does to a panel's SQL after the browser has
 * replaced the template variables and before the SQL reaches the database. A faithful port of
 * <ul>
 *   <li>{@code pkg/tsdb/sqleng/sql_engine.go}, {@code Interpolate}: {@code $__interval_ms}, {@code $__interval},
 *       {@code $__unixEpochFrom()}, {@code $__unixEpochTo()} (plain text replacement, in that order), and</li>
 *   <li>{@code pkg/tsdb/grafana-postgresql-datasource/macros.go}: every {@code $__name(args)} match of
 *       {@code \$([_a-zA-Z0-9]+)\(([^\)]*)\)}, arguments split on {@code ,} and trimmed of spaces;
 *       {@code $__timeFilter(c)} is {@code c BETWEEN 'from' AND 'to'} in RFC 3339 with nanoseconds (Go's
 *       {@code time.RFC3339Nano}, UTC); {@code $__timeGroup(c, '1m')} is {@code time_bucket('60.000s',c)} with the
 *       data source's TimescaleDB option and {@code floor(extract(epoch from c)/60)*60} without it; a
 *       {@code $__timeGroup(...)} directly followed by a comma is treated as {@code $__timeGroupAlias}, which
 *       appends {@code AS "time"}; an unknown macro is an error.</li>
 * </ul>
 * Interval strings follow the plugin SDK's {@code gtime.ParseInterval}: Go durations ({@code 500ms}, {@code 1m30s})
 * and whole days or weeks ({@code 1d}, {@code 2w}). Fill modes (the optional third {@code $__timeGroup} argument)
 * only change how Grafana post-processes rows, so they are accepted and ignored here.
 */
public final class GrafanaMacros {
    private static final Pattern MACRO = Pattern.compile("\\$([_a-zA-Z0-9]+)\\(([^\\)]*)\\)");
    private static final Pattern DAYS_WEEKS = Pattern.compile("^(\\d+)([dw])$");
    private static final Pattern GO_DURATION = Pattern.compile("([0-9]*(?:\\.[0-9]*)?)(ns|us|µs|ms|s|m|h)");
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private final boolean timescaledb;

    /** @param timescaledb the data source's TimescaleDB option ({@code jsonData.timescaledb}) */
    public GrafanaMacros(boolean timescaledb) {
        this.timescaledb = timescaledb;
    }

    /**
     * @param sql      a panel's SQL after template variables were replaced
     * @param from     start of the dashboard time range
     * @param to       end of the dashboard time range
     * @param interval the query interval Grafana computed for the panel ({@code $__interval})
     */
    public String expand(String sql, Instant from, Instant to, Duration interval) {
        String s = sql.replace("$__interval_ms", Long.toString(interval.toMillis()))
                .replace("$__interval", formatInterval(interval))
                .replace("$__unixEpochFrom()", Long.toString(from.getEpochSecond()))
                .replace("$__unixEpochTo()", Long.toString(to.getEpochSecond()));
        String original = s;
        Matcher m = MACRO.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            if (name.equals("__timeGroup")) {
                // macros.go looks at the first occurrence of the same text in the whole query
                int end = original.indexOf(m.group()) + m.group().length();
                if (end < original.length() && original.charAt(end) == ',') {
                    name = "__timeGroupAlias";
                }
            }
            List<String> args = new ArrayList<>();
            for (String a : m.group(2).split(",", -1)) {
                args.add(a.strip());
            }
            m.appendReplacement(out, Matcher.quoteReplacement(evaluate(name, args, from, to)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String evaluate(String name, List<String> args, Instant from, Instant to) {
        boolean noColumn = args.isEmpty() || args.get(0).isEmpty();
        switch (name) {
            case "__time":
                requireColumn(name, noColumn);
                return args.get(0) + " AS \"time\"";
            case "__timeEpoch":
                requireColumn(name, noColumn);
                return "extract(epoch from " + args.get(0) + ") as \"time\"";
            case "__timeFilter":
                requireColumn(name, noColumn);
                return args.get(0) + " BETWEEN '" + rfc3339Nano(from) + "' AND '" + rfc3339Nano(to) + "'";
            case "__timeFrom":
                return "'" + rfc3339Nano(from) + "'";
            case "__timeTo":
                return "'" + rfc3339Nano(to) + "'";
            case "__timeGroup": {
                double seconds = groupSeconds(name, args);
                if (timescaledb) {
                    return "time_bucket('" + String.format(java.util.Locale.ROOT, "%.3f", seconds) + "s',"
                            + args.get(0) + ")";
                }
                String v = goFloat(seconds);
                return "floor(extract(epoch from " + args.get(0) + ")/" + v + ")*" + v;
            }
            case "__timeGroupAlias":
                return evaluate("__timeGroup", args, from, to) + " AS \"time\"";
            case "__unixEpochFilter":
                requireColumn(name, noColumn);
                return args.get(0) + " >= " + from.getEpochSecond() + " AND " + args.get(0) + " <= "
                        + to.getEpochSecond();
            case "__unixEpochNanoFilter":
                requireColumn(name, noColumn);
                return args.get(0) + " >= " + epochNanos(from) + " AND " + args.get(0) + " <= " + epochNanos(to);
            case "__unixEpochNanoFrom":
                return Long.toString(epochNanos(from));
            case "__unixEpochNanoTo":
                return Long.toString(epochNanos(to));
            case "__unixEpochGroup": {
                String v = goFloat(groupSeconds(name, args));
                return "floor((" + args.get(0) + ")/" + v + ")*" + v;
            }
            case "__unixEpochGroupAlias":
                return evaluate("__unixEpochGroup", args, from, to) + " AS \"time\"";
            default:
                throw new IllegalArgumentException("unknown macro \"" + name + "\"");
        }
    }

    private static void requireColumn(String name, boolean missing) {
        // macros.go checks len(args) == 0; strings.Split never returns an empty slice, so "$__timeFilter()" passes
        // an empty column name through. We are stricter: a panel query with an empty column is a mistake.
        if (missing) {
            throw new IllegalArgumentException("missing time column argument for macro " + name);
        }
    }

    private static double groupSeconds(String name, List<String> args) {
        if (args.size() < 2) {
            throw new IllegalArgumentException("macro " + name
                    + " needs time column and interval and optional fill value");
        }
        String raw = args.get(1);
        Duration d = parseInterval(trimQuotes(raw));
        if (d == null) {
            throw new IllegalArgumentException("error parsing interval " + raw);
        }
        return d.toNanos() / 1e9;
    }

    /** Go's {@code strings.Trim(s, "'")}: every leading and trailing single quote. */
    private static String trimQuotes(String s) {
        int b = 0;
        int e = s.length();
        while (b < e && s.charAt(b) == '\'') {
            b++;
        }
        while (e > b && s.charAt(e - 1) == '\'') {
            e--;
        }
        return s.substring(b, e);
    }

    /** The plugin SDK's {@code gtime.ParseInterval} for the units that do not depend on the calendar; null if invalid. */
    static Duration parseInterval(String s) {
        Matcher dw = DAYS_WEEKS.matcher(s);
        if (dw.matches()) {
            long n = Long.parseLong(dw.group(1));
            return Duration.ofDays(dw.group(2).equals("d") ? n : 7 * n);
        }
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = GO_DURATION.matcher(s);
        int at = 0;
        BigDecimal nanos = BigDecimal.ZERO;
        while (at < s.length()) {
            if (!m.find(at) || m.start() != at || m.group(1).isEmpty() || m.group(1).equals(".")) {
                return null;
            }
            long unit = switch (m.group(2)) {
                case "ns" -> 1L;
                case "us", "µs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit)));
            at = m.end();
        }
        return at == 0 ? null : Duration.ofNanos(nanos.longValue());
    }

    /** The plugin SDK's {@code gtime.FormatInterval}, as {@code $__interval} is written. */
    static String formatInterval(Duration d) {
        long ms = d.toMillis();
        if (d.compareTo(Duration.ofDays(365)) >= 0) {
            return d.toDays() / 365 + "y";
        }
        if (d.compareTo(Duration.ofDays(1)) >= 0) {
            return d.toDays() + "d";
        }
        if (d.compareTo(Duration.ofHours(1)) >= 0) {
            return d.toHours() + "h";
        }
        if (d.compareTo(Duration.ofMinutes(1)) >= 0) {
            return d.toMinutes() + "m";
        }
        if (d.compareTo(Duration.ofSeconds(1)) >= 0) {
            return d.toSeconds() + "s";
        }
        if (ms >= 1) {
            return ms + "ms";
        }
        return "1ms";
    }

    /** Go's {@code time.RFC3339Nano} in UTC: fractional seconds without trailing zeros, none when whole. */
    static String rfc3339Nano(Instant t) {
        String s = SECONDS.format(t);
        int nanos = t.getNano();
        if (nanos == 0) {
            return s + "Z";
        }
        String frac = String.format(java.util.Locale.ROOT, "%09d", nanos).replaceAll("0+$", "");
        return s + "." + frac + "Z";
    }

    /**
     * Go's {@code %v} of a float64, which is {@code strconv.FormatFloat(v, 'g', -1, 64)}: the shortest digits that
     * read back as {@code v}, in exponent form when the decimal exponent is below -4 or at least 6 (so a week,
     * 604800 s, prints plainly and two weeks print as {@code 1.2096e+06}).
     */
    static String goFloat(double v) {
        if (v == 0) {
            return "0";
        }
        BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
        int exponent = d.precision() - d.scale() - 1;
        if (exponent < -4 || exponent >= 6) {
            String digits = d.unscaledValue().abs().toString();
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            String sign = v < 0 ? "-" : "";
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
        }
        return d.toPlainString();
    }

    private static long epochNanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
