package io.tagtrail.it;

import io.tagtrail.app.TagTrailService;
import io.tagtrail.db.DbConfig;
import io.tagtrail.db.MemberCardStore;
import io.tagtrail.db.Schema;
import io.tagtrail.ingest.MqttUrl;
import io.tagtrail.ingest.TopicScheme;
import io.tagtrail.layout.LayoutLoader;
import io.tagtrail.layout.StoreLayout;
import io.tagtrail.sim.ImpinjPayloadEncoder;
import io.tagtrail.sim.MqttReadPublisher;
import io.tagtrail.sim.Scenario;
import io.tagtrail.sim.ScenarioFile;
import io.tagtrail.sim.Simulator;
import io.vertx.core.Vertx;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs the real service (own endpoint or an external broker) against a real database and feeds it the simulator
 * over MQTT, the way {@code demo} and {@code serve} do.
 */
public final class SimulatedRun {
    public static final StoreLayout SAMPLE = LayoutLoader.load(java.nio.file.Path.of("simulator/layouts/sample-store.json"));

    /**
     * Another version of the sample store's layout, in force from {@code effectiveFrom}; with {@code swapped},
     * reader r-f0-b's ports 2 and 3 trade their counters (fragrance and skincare).
     */
    public static StoreLayout sampleVersion(int version, String effectiveFrom, boolean swapped) throws Exception {
        String json = Files.readString(Path.of("simulator/layouts/sample-store.json"))
                .replace("\"version\": 1", "\"version\": " + version)
                .replace("\"effective_from\": \"2026-01-01T00:00:00Z\"",
                        "\"effective_from\": \"" + effectiveFrom + "\"");
        if (swapped) {
            String port = "\"port\": %d,\n          \"zone\": \"%s\"";
            json = json.replace(port.formatted(2, "c-fragrance"), "PORT2")
                    .replace(port.formatted(3, "c-skincare"), port.formatted(3, "c-fragrance"))
                    .replace("PORT2", port.formatted(2, "c-skincare"));
        }
        return LayoutLoader.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "v" + version);
    }

    /** What a run produced. */
    public record Result(long published, long accepted, long rejected, long visits, long trips, Simulator simulator) {
    }

    private SimulatedRun() {
    }

    public static Scenario scenario(Instant start, Duration duration, double shoppersPerHour, long seed) {
        return ScenarioFile.defaults().scenario().withRun(start, duration, seed).withShoppersPerHour(shoppersPerHour);
    }

    /**
     * @param brokerUrl null to publish to TagTrail's own endpoint, else the broker both sides use
     */
    public static Result run(Vertx vertx, DbConfig db, Scenario scenario, String brokerUrl) throws Exception {
        return run(vertx, db, scenario, brokerUrl, Map.of());
    }

    /**
     * @param brokerUrl null to publish to TagTrail's own endpoint, else the broker both sides use
     * @param settings  further settings for the service (such as {@code writer.raw-reads}), as on the command line
     */
    public static Result run(Vertx vertx, DbConfig db, Scenario scenario, String brokerUrl,
                             Map<String, String> settings) throws Exception {
        Schema.migrate(db);
        Simulator simulator = new Simulator(SAMPLE, scenario, new TopicScheme(TopicScheme.DEFAULT_TEMPLATE),
                new ImpinjPayloadEncoder());
        try (Connection c = db.connect()) {
            MemberCardStore.upsert(c, simulator.memberCards());
        }
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("db.url", db.url());
        flags.put("endpoint.port", "0");
        flags.put("http.port", "0");
        flags.put("event-time.max-future-skew", "36500d");
        // the run is replayed from the simulator, not recovered: results need not wait for a raw-read log
        flags.put("intake.durable", "false");
        flags.putAll(settings);
        if (brokerUrl != null) {
            flags.put("mqtt.url", brokerUrl);
            flags.put("mqtt.client-id", "tagtrail-it-" + scenario.seed() + "-" + System.nanoTime());
        }
        TagTrailService service = SharedServices.startService(vertx, flags, Map.of(SAMPLE.storeId(), SAMPLE));
        try {
            MqttUrl target = brokerUrl != null ? MqttUrl.parse(brokerUrl)
                    : new MqttUrl("127.0.0.1", service.endpointPort(), false);
            try (MqttReadPublisher publisher = MqttReadPublisher.connect(vertx, target,
                    "tagtrail-it-sim-" + System.nanoTime(), null, null, 256)) {
                simulator.run(publisher, Double.POSITIVE_INFINITY, null);
            }
            // through a broker, acknowledged by the broker is not yet received by the service: wait for every read
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (service.counters().readsAccepted() + service.counters().rejectedTotal() < simulator.readsPublished()
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            service.stopIntake();
            service.finish(Duration.ofMinutes(3));
            var pipeline = service.pipelines().get(SAMPLE.storeId());
            return new Result(simulator.readsPublished(), service.counters().readsAccepted(),
                    service.counters().rejectedTotal(), pipeline.counters().visits(), pipeline.counters().trips(),
                    simulator);
        } finally {
            service.close();
        }
    }
}
