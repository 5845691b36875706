package io.tagtrail.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Flat key/value settings from three layers, later ones winning: built-in defaults, a properties file, environment
 * variables ({@code presence.lost-timeout} is {@code TAGTRAIL_PRESENCE_LOST_TIMEOUT}), then command-line flags.
 * Typed getters collect every problem so that start-up reports all wrong settings at once.
 */
public final class Settings {
    private final Map<String, String> values;
    private final Map<String, String> origin;
    private final List<String> problems = new ArrayList<>();

    private Settings(Map<String, String> values, Map<String, String> origin) {
        this.values = values;
        this.origin = origin;
    }

    /** The environment variable that sets a key. */
    public static String envName(String key) {
        return "TAGTRAIL_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /**
     * @param known   every key there is, with its default (null: no default)
     * @param file    settings from the configuration file (may be empty)
     * @param env     the process environment
     * @param flags   settings given on the command line
     */
    public static Settings layered(Map<String, String> known, Map<String, String> file, Map<String, String> env,
                                   Map<String, String> flags) {
        Map<String, String> values = new LinkedHashMap<>(known);
        Map<String, String> origin = new LinkedHashMap<>();
        known.keySet().forEach(k -> origin.put(k, "default"));
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, String> e : file.entrySet()) {
            if (!known.containsKey(e.getKey())) {
                unknown.add(e.getKey() + " (config file)");
            } else {
                values.put(e.getKey(), e.getValue().trim());
                origin.put(e.getKey(), "config file");
            }
        }
        List<String> unreadable = new ArrayList<>();
        for (String key : known.keySet()) {
            String v = env.get(envName(key));
            if (v != null) {
                values.put(key, v.trim());
                origin.put(key, envName(key));
            }
            String secretFile = env.get(envName(key) + "_FILE");
            if (secretFile != null && v == null) {
                try {
                    values.put(key, java.nio.file.Files.readString(java.nio.file.Path.of(secretFile)).trim());
                    origin.put(key, envName(key) + "_FILE");
                } catch (java.io.IOException e) {
                    unreadable.add(envName(key) + "_FILE=" + secretFile + " cannot be read: " + e.getMessage());
                }
            }
        }
        for (Map.Entry<String, String> e : flags.entrySet()) {
            if (e.getValue() != null) {
                values.put(e.getKey(), e.getValue());
                origin.put(e.getKey(), "command line");
            }
        }
        Settings s = new Settings(values, origin);
        for (String u : unknown) {
            s.problems.add("unknown setting " + u);
        }
        s.problems.addAll(unreadable);
        return s;
    }

    public String string(String key) {
        String v = values.get(key);
        return v == null || v.isEmpty() ? null : v;
    }

    public int integer(String key, int min, int max) {
        String v = string(key);
        try {
            int i = Integer.parseInt(v);
            if (i < min || i > max) {
                problem(key, "must be " + min + ".." + max + ", got " + v);
            }
            return i;
        } catch (NumberFormatException e) {
            problem(key, "must be a whole number, got " + v);
            return min;
        }
    }

    public double decimal(String key, double min, double max) {
        String v = string(key);
        try {
            double d = Double.parseDouble(v);
            if (!(d >= min && d <= max)) {
                problem(key, "must be " + min + ".." + max + ", got " + v);
            }
            return d;
        } catch (NumberFormatException | NullPointerException e) {
            problem(key, "must be a number, got " + v);
            return min;
        }
    }

    public boolean bool(String key) {
        String v = string(key);
        if ("true".equalsIgnoreCase(v) || "false".equalsIgnoreCase(v)) {
            return Boolean.parseBoolean(v);
        }
        problem(key, "must be true or false, got " + v);
        return false;
    }

    public Duration duration(String key) {
        String v = string(key);
        Duration d = parseDuration(v);
        if (d == null) {
            problem(key, "must be a duration such as 500ms, 10s, 5m, 2h or PT10S, got " + v);
            return Duration.ofSeconds(1);
        }
        return d;
    }

    /** Parses {@code 500ms}, {@code 10s}, {@code 5m}, {@code 2h}, {@code 1d} or ISO-8601 {@code PT10S}. */
    public static Duration parseDuration(String v) {
        if (v == null || v.isBlank()) {
            return null;
        }
        String s = v.trim().toLowerCase(Locale.ROOT);
        try {
            if (s.startsWith("pt") || s.startsWith("p")) {
                return Duration.parse(s.toUpperCase(Locale.ROOT));
            }
            if (s.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
            }
            long n = Long.parseLong(s.substring(0, s.length() - 1));
            switch (s.charAt(s.length() - 1)) {
                case 's':
                    return Duration.ofSeconds(n);
                case 'm':
                    return Duration.ofMinutes(n);
                case 'h':
                    return Duration.ofHours(n);
                case 'd':
                    return Duration.ofDays(n);
                default:
                    return null;
            }
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Records a problem with a setting, naming where its value came from. */
    public void problem(String key, String message) {
        problems.add(key + " (" + origin.getOrDefault(key, "?") + ", env " + envName(key) + ") " + message);
    }

    /** Runs a record constructor that validates itself, turning its complaint into a problem. */
    public <T> T check(java.util.function.Supplier<T> build, T fallback) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return fallback;
        }
    }

    public List<String> problems() {
        return problems;
    }

    /** Every key, for documentation and {@code --help}. */
    public Set<String> keys() {
        return new TreeSet<>(values.keySet());
    }
}
