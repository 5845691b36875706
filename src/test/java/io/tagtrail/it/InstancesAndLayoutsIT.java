package io.tagtrail.it;

import io.tagtrail.app.TagTrailService;
import io.tagtrail.db.DbConfig;
import io.tagtrail.db.Schema;
import io.tagtrail.ingest.MqttUrl;
import io.tagtrail.ingest.TopicScheme;
import io.tagtrail.layout.LayoutLoader;
import io.tagtrail.layout.StoreLayout;
import io.tagtrail.model.RejectReason;
import io.tagtrail.sim.MqttReadPublisher;
import io.tagtrail.sim.PayloadFormats;
import io.tagtrail.sim.Simulator;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Several instances on one broker, each carrying its own stores (one of them through a shared subscription), and
 * a layout reloaded without a restart.
 */
class InstancesAndLayoutsIT {
    static Vertx vertx;
    static MosquittoBroker mosquitto;

    @BeforeAll
    static void start() throws Exception {
        vertx = SharedServices.vertx();
        mosquitto = SharedServices.mosquitto();
    }

    static String sampleJson() throws Exception {
        return Files.readString(Path.of("simulator/layouts/sample-store.json"));
    }

    static StoreLayout store(String id) throws Exception {
        return LayoutLoader.parse(new java.io.ByteArrayInputStream(sampleJson()
                .replace("\"store_id\": \"s1\"", "\"store_id\": \"" + id + "\"").getBytes()), id);
    }

    static TagTrailService service(DbConfig db, StoreLayout layout, Map<String, String> extra) throws Exception {
        Schema.migrate(db);
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("db.url", db.url());
        flags.put("mqtt.url", mosquitto.url());
        flags.put("http.port", "-1");
        flags.put("event-time.max-future-skew", "36500d");
        flags.put("intake.durable", "false");
        flags.putAll(extra);
        return SharedServices.startService(vertx, flags, Map.of(layout.storeId(), layout));
    }

    @Test
    void instancesCarryingDifferentStoresShareOneBrokerWithoutSeeingEachOthersReads() throws Exception {
        StoreLayout s1 = store("s1");
        StoreLayout s2 = store("s2");
        DbConfig db1 = TestDatabases.freshPostgres();
        DbConfig db2 = TestDatabases.freshPostgres();
        TagTrailService a = service(db1, s1, Map.of("mqtt.client-id", "instance-a"));
        TagTrailService b = service(db2, s2, Map.of("mqtt.client-id", "instance-b", "mqtt.shared-group", "tagtrail"));
        try {
            long published1 = publish(s1, 51);
            long published2 = publish(s2, 52);
            await(() -> a.counters().readsAccepted() >= published1 && b.counters().readsAccepted() >= published2);
            assertEquals(published1, a.counters().readsAccepted());
            assertEquals(published2, b.counters().readsAccepted());
            assertEquals(0, a.counters().rejected(RejectReason.UNKNOWN_STORE), "A never sees store s2's reads");
            assertEquals(0, b.counters().rejected(RejectReason.UNKNOWN_STORE), "B never sees store s1's reads");
            a.finish(Duration.ofMinutes(1));
            b.finish(Duration.ofMinutes(1));
        } finally {
            a.close();
            b.close();
        }
        assertTrue(TestDatabases.count(db1, "SELECT count(*) FROM zone_visits WHERE store_id = 's1'") > 20);
        assertEquals(0, TestDatabases.count(db1, "SELECT count(*) FROM zone_visits WHERE store_id <> 's1'"));
        assertTrue(TestDatabases.count(db2, "SELECT count(*) FROM zone_visits WHERE store_id = 's2'") > 20);
    }

    @Test
    void aHigherLayoutVersionInTheDirectoryIsStoredAndScheduledWithoutARestart(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("s1.json"), sampleJson());
        StoreLayout s1 = LayoutLoader.load(dir.resolve("s1.json"));
        DbConfig db = TestDatabases.freshPostgres();
        TagTrailService service = service(db, s1, Map.of("mqtt.client-id", "instance-reload"));
        try {
            service.watchLayouts(dir, Duration.ofMillis(200));
            Files.writeString(dir.resolve("s1.json"), "{ not json");
            Thread.sleep(600);
            assertEquals(1, service.pipelines().get("s1").newestLayout().version(), "a broken file changes nothing");
            Files.writeString(dir.resolve("s1.json"), sampleJson().replace("\"version\": 1", "\"version\": 2")
                    .replace("\"effective_from\": \"2026-01-01T00:00:00Z\"", "\"effective_from\": \"2026-11-23T06:00:00Z\"")
                    .replace("\"name\": \"Watches counter\"", "\"name\": \"Watches and clocks\""));
            await(() -> service.pipelines().get("s1").newestLayout().version() == 2);
            assertEquals(2, TestDatabases.count(db, "SELECT count(*) FROM layout_versions WHERE store_id = 's1'"));
            assertEquals(1, TestDatabases.count(db, "SELECT count(*) FROM zones WHERE name = 'Watches and clocks'"));
            assertEquals(1, service.pipelines().get("s1").layout().version(), "in force only from its effective time");
        } finally {
            service.close();
        }
    }

    static long publish(StoreLayout layout, long seed) throws Exception {
        var scenario = SimulatedRun.scenario(Instant.parse("2026-11-20T10:00:00Z"), Duration.ofMinutes(3), 600, seed);
        Simulator sim = new Simulator(layout, scenario, new TopicScheme(TopicScheme.DEFAULT_TEMPLATE),
                PayloadFormats.encoder("impinj"));
        try (MqttReadPublisher p = MqttReadPublisher.connect(vertx, MqttUrl.parse(mosquitto.url()),
                "instances-sim-" + seed, null, null, 128)) {
            sim.run(p, Double.POSITIVE_INFINITY, null);
        }
        return sim.readsPublished();
    }

    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out");
            }
            Thread.sleep(50);
        }
    }
}
