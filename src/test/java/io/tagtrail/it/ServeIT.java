package io.tagtrail.it;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.tagtrail.app.TagTrailService;
import io.tagtrail.db.DbConfig;
import io.tagtrail.db.EmbeddedPostgres;
import io.tagtrail.db.MemberCardStore;
import io.tagtrail.db.Schema;
import io.tagtrail.ingest.MqttUrl;
import io.tagtrail.ingest.TopicScheme;
import io.tagtrail.sim.MqttReadPublisher;
import io.tagtrail.sim.PayloadFormats;
import io.tagtrail.sim.Simulator;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The production service as operations deploy it: Mosquitto and PostgreSQL started by the test, the service
 * subscribed to the broker, the simulator publishing in each reader format, and the HTTP endpoint watched from
 * outside while the database goes away and comes back and while readers send bad input.
 */
class ServeIT {
    static Vertx vertx;
    static MosquittoBroker mosquitto;
    static EmbeddedPostgres postgres;
    static DbConfig db;
    static TagTrailService service;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        vertx = SharedServices.vertx();
        mosquitto = SharedServices.mosquitto();
        postgres = EmbeddedPostgres.startTemporary();
        db = new DbConfig(postgres.jdbcUrl(), null, null);
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("db.url", db.url());
        flags.put("mqtt.url", mosquitto.url());
        flags.put("mqtt.client-id", "tagtrail-serve-it");
        flags.put("http.port", "0");
        flags.put("intake.max-payload-bytes", "65536");
        Schema.migrate(db);
        service = SharedServices.startService(vertx, flags, Map.of(SimulatedRun.SAMPLE.storeId(), SimulatedRun.SAMPLE));
    }

    @AfterAll
    static void stop() throws Exception {
        service.close();
        postgres.close();
    }

    @Test
    void readsInEveryFormatBecomeVisitsAndBadInputIsCountedWhileTheServiceKeepsRunning() throws Exception {
        long published = 0;
        Instant start = Instant.parse("2026-11-20T10:00:00Z");
        List<String> formats = List.of("impinj", "zebra", "llrp");
        for (int i = 0; i < formats.size(); i++) {
            var scenario = SimulatedRun.scenario(start.plus(Duration.ofMinutes(5L * i)), Duration.ofMinutes(4), 600,
                    100 + i);
            Simulator sim = new Simulator(SimulatedRun.SAMPLE, scenario, new TopicScheme(TopicScheme.DEFAULT_TEMPLATE),
                    PayloadFormats.encoder(formats.get(i)));
            try (Connection c = db.connect()) {
                MemberCardStore.upsert(c, sim.memberCards());
            }
            try (MqttReadPublisher publisher = MqttReadPublisher.connect(vertx, MqttUrl.parse(mosquitto.url()),
                    "serve-it-sim-" + i, null, null, 128)) {
                sim.run(publisher, Double.POSITIVE_INFINITY, null);
            }
            published += sim.readsPublished();
        }
        long expected = published;
        await("every published read reaches the service", () -> service.counters().readsAccepted() >= expected);
        assertEquals(published, service.counters().readsAccepted());
        assertEquals(0, service.counters().rejectedTotal());
        assertEquals(published, metric(get("/metrics").body(), "tagtrail_reads_accepted_total"));

        String future = "{\"timestamp\":\"2100-01-01T00:00:00Z\",\"hostname\":\"impinj-f0-a\",\"eventType\":"
                + "\"tagInventory\",\"tagInventoryEvent\":{\"epcHex\":\"2D1400000000010000000001\",\"antennaPort\":1,"
                + "\"peakRssiCdbm\":-5500}}";
        publishRaw("tagtrail/s1/r-f0-a/reads", "{\"timestamp\": \"2026-11-20T10:00:00Z\", \"eventType\":");
        publishRaw("tagtrail/s1/r-f0-a/reads", "{\"eventType\":\"tagInventory\",\"pad\":\"" + "x".repeat(100_000) + "\"}");
        publishRaw("tagtrail/s1/r-nowhere/reads", future);
        publishRaw("tagtrail/s1/r-f0-a/reads", future);
        await("four bad inputs rejected", () -> service.counters().rejectedTotal() >= 4);
        String metrics = get("/metrics").body();
        assertEquals(1, metric(metrics, "tagtrail_reads_rejected_total{reason=\"malformed_json\"}"));
        assertEquals(1, metric(metrics, "tagtrail_reads_rejected_total{reason=\"payload_too_large\"}"));
        assertEquals(1, metric(metrics, "tagtrail_reads_rejected_total{reason=\"unknown_reader\"}"));
        assertEquals(1, metric(metrics, "tagtrail_reads_rejected_total{reason=\"timestamp_in_future\"}"));
        assertEquals(0, metric(metrics, "tagtrail_intake_held_bytes"), "no decoded message left waiting");
        assertEquals(200, get("/health").statusCode(), "still running and ready after bad input");

        HttpResponse<String> occupancy = get("/api/stores/s1/occupancy");
        assertEquals(200, occupancy.statusCode());
        assertTrue(occupancy.body().contains("\"zone_id\":\"z-f0-hall\""), occupancy.body());
        assertEquals(404, get("/api/stores/nope/occupancy").statusCode());

        service.finish(Duration.ofMinutes(2));
        assertEquals(2, TestDatabases.count(db, "SELECT sum(rejected) FROM reader_health_1m WHERE reader_id = 'r-f0-a'"),
                "the malformed and the future-stamped message count against their reader");
        assertEquals(1, TestDatabases.count(db, "SELECT sum(rejected) FROM reader_health_1m"
                + " WHERE reader_id = 'r-nowhere' AND NOT in_layout"));
        assertTrue(TestDatabases.count(db, "SELECT sum(reads) FROM reader_health_1m") >= published);
        long visits = TestDatabases.count(db, "SELECT count(*) FROM zone_visits");
        assertTrue(visits > 100, "visits from all three formats: " + visits);
        for (int i = 0; i < formats.size(); i++) {
            String from = start.plus(Duration.ofMinutes(5L * i)).toString();
            String to = start.plus(Duration.ofMinutes(5L * i + 5)).toString();
            assertTrue(TestDatabases.count(db, "SELECT count(*) FROM zone_visits WHERE enter_time >= '" + from
                    + "' AND enter_time < '" + to + "'") > 10, formats.get(i) + " reads became visits");
        }
    }

    @Test
    void healthTurnsNotReadyWhileTheDatabaseIsDownAndReadyWhenItReturns() throws Exception {
        await("ready at start", () -> status("/health") == 200);
        postgres.stop();
        try {
            await("not ready without the database", () -> status("/health") == 503);
            assertTrue(get("/health").body().contains("\"ready\":false"));
            assertEquals(200, status("/health/live"), "still alive");
            assertEquals(0, metric(get("/metrics").body(), "tagtrail_database_up"));
        } finally {
            postgres.restart();
        }
        await("ready again", () -> status("/health") == 200);
    }

    static void publishRaw(String topic, String payload) throws Exception {
        MqttClient client = MqttClient.create(vertx, new MqttClientOptions().setClientId("serve-it-raw")
                .setMaxMessageSize(1 << 20));
        client.connect(mosquitto.port(), "127.0.0.1").toCompletionStage().toCompletableFuture().get();
        client.publish(topic, Buffer.buffer(payload), MqttQoS.AT_LEAST_ONCE, false, false)
                .toCompletionStage().toCompletableFuture().get();
        client.disconnect().toCompletionStage().toCompletableFuture().get();
    }

    static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static int status(String path) {
        try {
            return get(path).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    static long metric(String text, String sample) {
        Matcher m = Pattern.compile("^" + Pattern.quote(sample) + " (\\S+)$", Pattern.MULTILINE).matcher(text);
        assertTrue(m.find(), sample + " in\n" + text);
        return (long) Double.parseDouble(m.group(1));
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(50);
        }
    }
}
