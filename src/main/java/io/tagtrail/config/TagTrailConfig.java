package io.tagtrail.config;

import io.tagtrail.core.EventTimeConfig;
import io.tagtrail.core.PipelineConfig;
import io.tagtrail.core.PresenceConfig;
import io.tagtrail.db.DbConfig;
import io.tagtrail.db.StorageConfig;
import io.tagtrail.db.WriterConfig;
import io.tagtrail.decode.DecoderSelector;
import io.tagtrail.ingest.MqttUrl;
import io.tagtrail.ingest.TopicScheme;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The whole configuration of a TagTrail instance, loaded once at start-up: defaults, then a properties file, then
 * {@code TAGTRAIL_*} environment variables, then command-line flags. Each part validates itself; every problem is
 * reported at once.
 */
public record TagTrailConfig(Mqtt mqtt, Endpoint endpoint, DbConfig db, int dbPoolSize, Path layouts, Duration layoutsReload, Http http,
                             Duration memberRefresh, Privacy privacy, PipelineConfig pipeline, WriterConfig writer,
                             StorageConfig storage) {

    /**
     * How member ids appear in the analytics tables: pseudonymised with a keyed hash unless switched off; the key
     * is configured, or generated once and kept in the database.
     */
    public record Privacy(boolean pseudonymiseMembers, String memberKey) {
        @Override
        public String toString() {
            return "Privacy[pseudonymiseMembers=" + pseudonymiseMembers + ", memberKey="
                    + (memberKey == null ? "generated" : "***") + "]";
        }
    }

    /** The external broker ({@code url} null: readers publish to TagTrail's own endpoint). */
    public record Mqtt(MqttUrl url, String clientId, String username, String password, TopicScheme topics, int qos,
                       String sharedGroup, int maxInflight, Path tlsCa, String tlsCaPassword) {
        /**
         * One filter per store this instance carries, so that instances owning different stores share a broker
         * without seeing each other's reads; each as a shared subscription when a group is set.
         */
        public java.util.List<String> subscriptions(java.util.Collection<String> stores) {
            return stores.stream().sorted().map(store -> {
                String filter = topics.topic(store, "+");
                return sharedGroup == null ? filter : "$share/" + sharedGroup + "/" + filter;
            }).toList();
        }

        @Override
        public String toString() {
            return "Mqtt[url=" + url + ", clientId=" + clientId + ", username=" + username + ", password="
                    + (password == null ? "none" : "***") + ", topics=" + topics.template() + ", qos=" + qos
                    + ", sharedGroup=" + sharedGroup + "]";
        }
    }

    /** TagTrail's own MQTT endpoint, and the intake limits and reader format of every edge. */
    public record Endpoint(String host, int port, int maxPayloadBytes, String format, boolean durable, Path usersFile,
                           Path tlsCert, Path tlsKey, String tlsPassword) {
        @Override
        public String toString() {
            return "Endpoint[" + host + ":" + port + ", maxPayloadBytes=" + maxPayloadBytes + ", format=" + format
                    + ", usersFile=" + usersFile + ", tlsCert=" + tlsCert + "]";
        }
    }

    /** The HTTP endpoint: health, metrics and the live API ({@code port} -1: off, 0: any free port). */
    public record Http(String host, int port, String token) {
        @Override
        public String toString() {
            return "Http[" + host + ":" + port + ", token=" + (token == null ? "none" : "***") + "]";
        }
    }

    /** Every setting with its default. */
    public static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("mqtt.url", "");
        d.put("mqtt.client-id", "tagtrail-1");
        d.put("mqtt.username", "");
        d.put("mqtt.password", "");
        d.put("mqtt.topic-template", TopicScheme.DEFAULT_TEMPLATE);
        d.put("mqtt.qos", "1");
        d.put("mqtt.shared-group", "");
        d.put("mqtt.max-inflight", "1000");
        d.put("mqtt.tls-ca", "");
        d.put("mqtt.tls-ca-password", "");
        d.put("endpoint.host", "127.0.0.1");
        d.put("endpoint.port", "1883");
        d.put("endpoint.users-file", "");
        d.put("endpoint.tls-cert", "");
        d.put("endpoint.tls-key", "");
        d.put("endpoint.tls-password", "");
        d.put("intake.max-payload-bytes", "1048576");
        d.put("intake.format", "auto");
        d.put("intake.durable", "true");
        d.put("db.url", "");
        d.put("db.user", "");
        d.put("db.password", "");
        d.put("db.pool-size", "4");
        d.put("layouts", "layouts");
        d.put("layouts.reload-interval", "10s");
        d.put("http.host", "127.0.0.1");
        d.put("http.port", "8080");
        d.put("http.token", "");
        d.put("members.refresh-interval", "60s");
        d.put("privacy.pseudonymise-members", "true");
        d.put("privacy.member-key", "");
        PresenceConfig p = PresenceConfig.DEFAULTS;
        d.put("presence.confirm-reads", Integer.toString(p.confirmReads()));
        d.put("presence.confirm-window", millis(p.confirmWindow()));
        d.put("presence.hysteresis-db", Double.toString(p.hysteresisDb()));
        d.put("presence.smoothing-alpha", Double.toString(p.smoothingAlpha()));
        d.put("presence.aging-db-per-second", Double.toString(p.agingDbPerSecond()));
        d.put("presence.aging-grace", millis(p.agingGrace()));
        d.put("presence.lost-timeout", millis(p.lostTimeout()));
        d.put("presence.trip-timeout", millis(p.tripTimeout()));
        d.put("presence.max-backdate", millis(p.maxBackdate()));
        d.put("presence.max-candidates", Integer.toString(p.maxCandidates()));
        EventTimeConfig e = EventTimeConfig.DEFAULTS;
        d.put("event-time.allowed-lateness", millis(e.allowedLateness()));
        d.put("event-time.idle-timeout", millis(e.idleTimeout()));
        d.put("event-time.max-future-skew", millis(e.maxFutureSkew()));
        d.put("occupancy.snapshot-interval", millis(PipelineConfig.DEFAULTS.occupancyInterval()));
        WriterConfig w = WriterConfig.DEFAULTS;
        d.put("writer.batch-size", Integer.toString(w.batchSize()));
        d.put("writer.flush-interval", millis(w.flushInterval()));
        d.put("writer.queue-capacity", Integer.toString(w.queueCapacity()));
        d.put("writer.raw-reads", Boolean.toString(w.rawReads()));
        d.put("analytics.engagement-threshold", millis(w.engagementThreshold()));
        StorageConfig st = StorageConfig.DEFAULTS;
        d.put("storage.raw-retention", days(st.rawRetention()));
        d.put("storage.raw-compress-after", days(st.rawCompressAfter()));
        d.put("storage.occupancy-retention", days(st.occupancyRetention()));
        d.put("storage.result-retention", days(st.resultRetention()));
        d.put("storage.compress-after", days(st.compressAfter()));
        d.put("storage.rollup-retention", days(st.rollupRetention()));
        d.put("storage.rollup-refresh-interval", st.rollupRefreshInterval().toMinutes() + "m");
        d.put("storage.rollup-refresh-lookback", days(st.rollupRefreshLookback()));
        return d;
    }

    private static String millis(Duration d) {
        return d.toMillis() + "ms";
    }

    private static Privacy privacy(Settings s) {
        String key = s.string("privacy.member-key");
        if (key != null && key.length() < 16) {
            s.problem("privacy.member-key", "must have at least 16 characters");
        }
        return new Privacy(s.bool("privacy.pseudonymise-members"), key);
    }

    private static Path path(Settings s, String key) {
        String v = s.string(key);
        return v == null ? null : Path.of(v);
    }

    private static String days(Duration d) {
        return d.toDays() + "d";
    }

    /** Reads a properties file ({@code key = value} per line). */
    public static Map<String, String> readFile(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        Map<String, String> m = new LinkedHashMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
        return m;
    }

    /**
     * Builds the configuration.
     *
     * @throws ConfigException listing every wrong setting
     */
    public static TagTrailConfig from(Settings s, boolean requireDatabase) {
        MqttUrl url = null;
        if (s.string("mqtt.url") != null) {
            url = s.check(() -> MqttUrl.parse(s.string("mqtt.url")), null);
        }
        TopicScheme topics = s.check(() -> new TopicScheme(s.string("mqtt.topic-template")),
                new TopicScheme(TopicScheme.DEFAULT_TEMPLATE));
        Mqtt mqtt = new Mqtt(url, s.string("mqtt.client-id"), s.string("mqtt.username"), s.string("mqtt.password"),
                topics, s.integer("mqtt.qos", 0, 2), s.string("mqtt.shared-group"),
                s.integer("mqtt.max-inflight", 1, 65_535), path(s, "mqtt.tls-ca"), s.string("mqtt.tls-ca-password"));
        String format = s.string("intake.format");
        s.check(() -> new DecoderSelector(format), null);
        Endpoint endpoint = new Endpoint(s.string("endpoint.host"), s.integer("endpoint.port", 0, 65_535),
                s.integer("intake.max-payload-bytes", 256, 256 * 1024 * 1024), format, s.bool("intake.durable"),
                path(s, "endpoint.users-file"),
                path(s, "endpoint.tls-cert"), path(s, "endpoint.tls-key"), s.string("endpoint.tls-password"));
        DbConfig db = null;
        if (s.string("db.url") != null) {
            db = s.check(() -> new DbConfig(s.string("db.url"), s.string("db.user"), s.string("db.password")), null);
        } else if (requireDatabase) {
            s.problem("db.url", "is required (a JDBC URL such as jdbc:postgresql://127.0.0.1:5432/tagtrail)");
        }
        PresenceConfig presence = s.check(() -> new PresenceConfig(s.integer("presence.confirm-reads", 1, 16),
                s.duration("presence.confirm-window"), s.decimal("presence.hysteresis-db", 0, 40),
                s.decimal("presence.smoothing-alpha", 0.0001, 1), s.decimal("presence.aging-db-per-second", 0, 100),
                s.duration("presence.aging-grace"), s.duration("presence.lost-timeout"),
                s.duration("presence.trip-timeout"), s.duration("presence.max-backdate"),
                s.integer("presence.max-candidates", 2, 16)), PresenceConfig.DEFAULTS);
        EventTimeConfig eventTime = s.check(() -> new EventTimeConfig(s.duration("event-time.allowed-lateness"),
                s.duration("event-time.idle-timeout"), s.duration("event-time.max-future-skew")),
                EventTimeConfig.DEFAULTS);
        PipelineConfig pipeline = s.check(() -> new PipelineConfig(presence, eventTime,
                s.duration("occupancy.snapshot-interval")), PipelineConfig.DEFAULTS);
        StorageConfig storage = s.check(() -> new StorageConfig(s.duration("storage.raw-retention"),
                s.duration("storage.raw-compress-after"), s.duration("storage.occupancy-retention"),
                s.duration("storage.result-retention"), s.duration("storage.compress-after"),
                s.duration("storage.rollup-retention"), s.duration("storage.rollup-refresh-interval"),
                s.duration("storage.rollup-refresh-lookback")), StorageConfig.DEFAULTS);
        WriterConfig writer = s.check(() -> new WriterConfig(s.integer("writer.batch-size", 1, 100_000),
                s.duration("writer.flush-interval"), s.integer("writer.queue-capacity", 1, 100_000_000),
                s.duration("analytics.engagement-threshold"), s.bool("writer.raw-reads"), endpoint.durable(),
                storage.rawRetention()), WriterConfig.DEFAULTS);
        TagTrailConfig cfg = new TagTrailConfig(mqtt, endpoint, db, s.integer("db.pool-size", 1, 64),
                Path.of(s.string("layouts")),
                s.duration("layouts.reload-interval"),
                new Http(s.string("http.host"), s.integer("http.port", -1, 65_535), s.string("http.token")),
                s.duration("members.refresh-interval"), privacy(s), pipeline, writer,
                storage);
        if (!s.problems().isEmpty()) {
            throw new ConfigException(s.problems());
        }
        return cfg;
    }
}
