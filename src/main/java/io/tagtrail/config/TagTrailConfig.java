package io.tagtrail.config;

import io.tagtrail.core.EventTimeConfig;
import io.tagtrail.core.PipelineConfig;
import io.tagtrail.core.PresenceConfig;
import io.tagtrail.db.DbConfig;
import io.tagtrail.db.StorageConfig;
import io.tagtrail.db.WriterConfig;
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
public record TagTrailConfig(Mqtt mqtt, Endpoint endpoint, DbConfig db, Path layouts, int httpPort,
                             Duration memberRefresh, PipelineConfig pipeline, WriterConfig writer,
                             StorageConfig storage) {

    /** The external broker ({@code url} null: readers publish to TagTrail's own endpoint). */
    public record Mqtt(MqttUrl url, String clientId, String username, String password, TopicScheme topics, int qos,
                       String sharedGroup, int maxInflight) {
        /** The subscription filter, as a shared subscription when a group is set. */
        public String subscription() {
            return sharedGroup == null ? topics.filter() : "$share/" + sharedGroup + "/" + topics.filter();
        }
    }

    /** TagTrail's own MQTT endpoint. */
    public record Endpoint(String host, int port, int maxPayloadBytes) {
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
        d.put("endpoint.host", "127.0.0.1");
        d.put("endpoint.port", "1883");
        d.put("intake.max-payload-bytes", "1048576");
        d.put("db.url", "");
        d.put("db.user", "");
        d.put("db.password", "");
        d.put("layouts", "layouts");
        d.put("http.port", "8080");
        d.put("members.refresh-interval", "60s");
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
                s.integer("mqtt.max-inflight", 1, 65_535));
        Endpoint endpoint = new Endpoint(s.string("endpoint.host"), s.integer("endpoint.port", 0, 65_535),
                s.integer("intake.max-payload-bytes", 256, 256 * 1024 * 1024));
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
        WriterConfig writer = s.check(() -> new WriterConfig(s.integer("writer.batch-size", 1, 100_000),
                s.duration("writer.flush-interval"), s.integer("writer.queue-capacity", 1, 100_000_000),
                s.duration("analytics.engagement-threshold"), s.bool("writer.raw-reads")), WriterConfig.DEFAULTS);
        StorageConfig storage = s.check(() -> new StorageConfig(s.duration("storage.raw-retention"),
                s.duration("storage.raw-compress-after"), s.duration("storage.occupancy-retention"),
                s.duration("storage.result-retention"), s.duration("storage.compress-after"),
                s.duration("storage.rollup-retention"), s.duration("storage.rollup-refresh-interval"),
                s.duration("storage.rollup-refresh-lookback")), StorageConfig.DEFAULTS);
        TagTrailConfig cfg = new TagTrailConfig(mqtt, endpoint, db, Path.of(s.string("layouts")),
                s.integer("http.port", 0, 65_535), s.duration("members.refresh-interval"), pipeline, writer,
                storage);
        if (!s.problems().isEmpty()) {
            throw new ConfigException(s.problems());
        }
        return cfg;
    }
}
