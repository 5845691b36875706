package io.tagtrail.it;

import io.tagtrail.app.TagTrailService;
import io.tagtrail.db.DbConfig;
import io.tagtrail.db.EmbeddedPostgres;
import io.tagtrail.db.MemberCardStore;
import io.tagtrail.db.Schema;
import io.tagtrail.ingest.MqttUrl;
import io.tagtrail.ingest.TopicScheme;
import io.tagtrail.sim.MqttReadPublisher;
import io.tagtrail.sim.PayloadFormats;
import io.tagtrail.sim.Scenario;
import io.tagtrail.sim.Simulator;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Nothing lost, nothing counted twice: a deterministic simulated run through Mosquitto with durable intake,
 * interrupted by {@code kill -9} of the service process, by a 60-second database outage or by a broker restart,
 * ends with exactly the zone visits and trips of an uninterrupted run.
 */
class ReliabilityIT {
    static Vertx vertx;
    static MosquittoBroker mosquitto;
    static final String VISITS = "SELECT visit_id, zone_id, epc, member_id, enter_time, exit_time, read_count"
            + " FROM zone_visits ORDER BY visit_id";
    /** One pseudonymisation key for every database, so member ids compare equal across runs. */
    static final String MEMBER_KEY = "reliability-it-member-key";
    static final String TRIPS = "SELECT trip_id, epc, start_time, end_time, path, left_by_entrance FROM trips"
            + " ORDER BY trip_id";

    /** Messages in the intake log, each counted once however often it was delivered. */
    static final String LOGGED_MESSAGES = "SELECT count(DISTINCT md5(payload)) FROM intake_log";

    @BeforeAll
    static void start() throws Exception {
        vertx = SharedServices.vertx();
        mosquitto = SharedServices.mosquitto();
    }

    static Scenario scenario(long seed) {
        return SimulatedRun.scenario(Instant.parse("2026-11-20T10:00:00Z"), Duration.ofMinutes(8), 600, seed);
    }

    /** The same run, uninterrupted, with the same settings. */
    static DbConfig reference(Scenario scenario) throws Exception {
        DbConfig db = TestDatabases.freshPostgres();
        SimulatedRun.run(vertx, db, scenario, mosquitto.url(), Map.of("intake.durable", "true",
                "privacy.member-key", MEMBER_KEY));
        return db;
    }

    @Test
    void killDashNineMidRunThenRestartGivesTheVisitsAndTripsOfAnUninterruptedRun(@TempDir Path dir) throws Exception {
        Scenario scenario = scenario(41);
        DbConfig expected = reference(scenario);
        DbConfig db = TestDatabases.freshPostgres();
        Simulator sim = prepare(db, scenario);
        Path layouts = Files.createDirectories(dir.resolve("layouts"));
        Files.copy(Path.of("simulator/layouts/sample-store.json"), layouts.resolve("sample-store.json"));
        int httpPort = freePort();
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-jar", Path.of("target", "tagtrail.jar").toAbsolutePath().toString(), "serve")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("serve.log").toFile()));
        Map<String, String> env = pb.environment();
        env.put("TAGTRAIL_DB_URL", db.url());
        env.put("TAGTRAIL_MQTT_URL", mosquitto.url());
        env.put("TAGTRAIL_MQTT_CLIENT_ID", "tagtrail-crash-it");
        env.put("TAGTRAIL_LAYOUTS", layouts.toString());
        env.put("TAGTRAIL_HTTP_PORT", Integer.toString(httpPort));
        env.put("TAGTRAIL_EVENT_TIME_MAX_FUTURE_SKEW", "36500d");
        env.put("TAGTRAIL_LOG_LEVEL", "INFO");
        env.put("TAGTRAIL_PRIVACY_MEMBER_KEY", MEMBER_KEY);

        Process service = pb.start();
        try {
            awaitReady(httpPort, service, dir);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread publisher = publishInBackground(sim, 30, failure);
            Thread.sleep(6_000);
            assertTrue(sim.readsPublished() > 0 && publisher.isAlive(), "killed in the middle of the run");
            service.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            service = pb.start();
            awaitReady(httpPort, service, dir);
            publisher.join(TimeUnit.MINUTES.toMillis(3));
            assertEquals(null, failure.get());
            long logged = TestDatabases.count(expected, LOGGED_MESSAGES);
            assertTrue(logged > 100, "the reference run logged its messages: " + logged);
            await("every message is in the intake log", () -> count(db, LOGGED_MESSAGES) >= logged);
            service.destroy();
            assertTrue(service.waitFor(2, TimeUnit.MINUTES), "SIGTERM ends the service");
            assertEquals(143, service.exitValue() == 0 ? 143 : service.exitValue(), "terminated by SIGTERM");
        } finally {
            service.destroyForcibly();
        }
        String log = Files.readString(dir.resolve("serve.log"));
        assertTrue(log.contains("rebuilt open visits and trips from"), "the restart replayed the log:\n" + log);
        assertTrue(log.contains("stopped cleanly"), log);
        assertSameRows(expected, db);
    }

    @Test
    void aMinuteWithoutTheDatabaseLosesNothingAndChangesNoResult() throws Exception {
        Scenario scenario = scenario(42);
        DbConfig expected = reference(scenario);
        try (EmbeddedPostgres own = EmbeddedPostgres.startTemporary()) {
            DbConfig db = new DbConfig(own.jdbcUrl(), null, null);
            Simulator sim = prepare(db, scenario);
            // raw reads on as well, to count every read that was kept
            TagTrailService service = brokerService(db, "tagtrail-outage-it", Map.of("writer.queue-capacity", "50000",
                    "writer.raw-reads", "true"));
            try {
                AtomicReference<Throwable> failure = new AtomicReference<>();
                Thread publisher = publishInBackground(sim, 30, failure);
                Thread.sleep(4_000);
                own.stop();
                long maxBacklog = 0;
                long outageEnd = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (System.nanoTime() < outageEnd) {
                    maxBacklog = Math.max(maxBacklog, service.writer().backlog());
                    Thread.sleep(100);
                }
                assertTrue(!service.database().up(), "the outage was noticed");
                own.restart();
                publisher.join(TimeUnit.MINUTES.toMillis(3));
                assertEquals(null, failure.get());
                assertTrue(maxBacklog <= 50_000 + 2_000, "memory stays bounded: backlog " + maxBacklog);
                await("every read reached the service", () -> service.counters().readsAccepted() >= sim.readsPublished());
                service.stopIntake();
                service.finish(Duration.ofMinutes(3));
            } finally {
                service.close();
            }
            assertEquals(sim.readsPublished() - sim.duplicatesPublished(), count(db, "SELECT count(*) FROM tag_reads")
                    + count(db, "SELECT count(*) FROM late_reads"), "no read lost (duplicate reports stored once)");
            assertEquals(count(expected, LOGGED_MESSAGES), count(db, LOGGED_MESSAGES), "every message logged");
            assertSameRows(expected, db);
        }
    }

    static void assertSameRows(DbConfig expected, DbConfig actual) throws Exception {
        for (String sql : List.of(VISITS, TRIPS)) {
            List<String> want = EndToEndIT.rows(expected, sql);
            List<String> got = EndToEndIT.rows(actual, sql);
            assertTrue(want.size() > 20, "the reference run has rows: " + want.size());
            List<String> missing = new java.util.ArrayList<>(want);
            missing.removeAll(got);
            List<String> extra = new java.util.ArrayList<>(got);
            extra.removeAll(want);
            assertTrue(missing.isEmpty() && extra.isEmpty(), sql + ": " + want.size() + " expected, " + got.size()
                    + " found; missing " + missing.subList(0, Math.min(5, missing.size())) + " (" + missing.size()
                    + "), extra " + extra.subList(0, Math.min(5, extra.size())) + " (" + extra.size() + ")");
        }
    }

    @Test
    void aBrokerRestartWhileTheServiceDrainsItsSessionLosesNothing() throws Exception {
        Scenario scenario = scenario(43);
        DbConfig expected = reference(scenario);
        DbConfig db = TestDatabases.freshPostgres();
        Simulator sim = prepare(db, scenario);
        TagTrailService service = brokerService(db, "tagtrail-broker-restart-it", Map.of());
        try {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            publishInBackground(sim, Double.POSITIVE_INFINITY, failure).join(TimeUnit.MINUTES.toMillis(3));
            assertEquals(null, failure.get());
            // the broker holds what the service has not taken yet in its persistent session, across a restart
            mosquitto.restart();
            await("the service reconnected", service::brokerConnected);
            // redelivered messages count again in the intake counters: wait for every distinct message to be logged
            long logged = TestDatabases.count(expected, LOGGED_MESSAGES);
            await("every message reached the intake log", () -> count(db, LOGGED_MESSAGES) >= logged);
            service.stopIntake();
            service.finish(Duration.ofMinutes(3));
        } finally {
            service.close();
        }
        assertEquals(0, count(db, "SELECT count(*) FROM late_reads"), "no read became late across the restart");
        assertSameRows(expected, db);
    }

    @Test
    void overloadSlowsTheReadersDownInsteadOfExhaustingMemory() throws Exception {
        Scenario scenario = scenario(44);
        DbConfig db = TestDatabases.freshPostgres();
        Simulator sim = prepare(db, scenario);
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("db.url", db.url());
        flags.put("endpoint.port", "0");
        flags.put("http.port", "-1");
        flags.put("event-time.max-future-skew", "36500d");
        flags.put("intake.durable", "false");
        flags.put("writer.raw-reads", "true");
        flags.put("writer.batch-size", "500");
        flags.put("writer.queue-capacity", "2000");
        TagTrailService service = SharedServices.startService(vertx, flags, Map.of("s1", SimulatedRun.SAMPLE));
        long maxBacklog = 0;
        try {
            // every read becomes a raw row: far more rows than a 2,000-row queue holds, offered as fast as possible
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread publisher = new Thread(() -> {
                try (MqttReadPublisher p = MqttReadPublisher.connect(vertx,
                        new MqttUrl("127.0.0.1", service.endpointPort(), false), "overload-sim", null, null, 512)) {
                    sim.run(p, Double.POSITIVE_INFINITY, null);
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            publisher.start();
            while (publisher.isAlive()) {
                maxBacklog = Math.max(maxBacklog, service.writer().backlog());
                Thread.sleep(5);
            }
            assertEquals(null, failure.get());
            service.finish(Duration.ofMinutes(3));
        } finally {
            service.close();
        }
        assertTrue(sim.readsPublished() > 20_000, "an overload: " + sim.readsPublished() + " reads");
        assertTrue(maxBacklog <= 2_000 + 500 + 64, "the writer's queue bounds memory: backlog " + maxBacklog);
        assertEquals(sim.readsPublished(), service.counters().readsAccepted(), "readers were slowed, not dropped");
        assertEquals(sim.readsPublished() - sim.duplicatesPublished(), count(db, "SELECT count(*) FROM tag_reads"),
                "every distinct read stored");
    }

    /** The service reading from the test's Mosquitto with durable intake, as the reference run is configured. */
    static TagTrailService brokerService(DbConfig db, String clientId, Map<String, String> extra) throws Exception {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("db.url", db.url());
        flags.put("mqtt.url", mosquitto.url());
        flags.put("mqtt.client-id", clientId);
        flags.put("http.port", "-1");
        flags.put("event-time.max-future-skew", "36500d");
        flags.put("privacy.member-key", MEMBER_KEY);
        flags.putAll(extra);
        return SharedServices.startService(vertx, flags, Map.of("s1", SimulatedRun.SAMPLE));
    }

    static Simulator prepare(DbConfig db, Scenario scenario) throws Exception {
        Schema.migrate(db);
        Simulator sim = new Simulator(SimulatedRun.SAMPLE, scenario, new TopicScheme(TopicScheme.DEFAULT_TEMPLATE),
                PayloadFormats.encoder("impinj"));
        try (Connection c = db.connect()) {
            MemberCardStore.upsert(c, sim.memberCards());
        }
        return sim;
    }

    static Thread publishInBackground(Simulator sim, double speed, AtomicReference<Throwable> failure) {
        Thread t = new Thread(() -> {
            try (MqttReadPublisher publisher = MqttReadPublisher.connect(vertx, MqttUrl.parse(mosquitto.url()),
                    "reliability-sim-" + System.nanoTime(), null, null, 128)) {
                sim.run(publisher, speed, null);
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "simulator");
        t.start();
        return t;
    }

    static void awaitReady(int httpPort, Process service, Path dir) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            assertTrue(service.isAlive(), "service exited:\n" + Files.readString(dir.resolve("serve.log")));
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
                        + "/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // still starting
            }
            Thread.sleep(100);
        }
        throw new AssertionError("service not ready:\n" + Files.readString(dir.resolve("serve.log")));
    }

    static long count(DbConfig db, String sql) {
        try {
            return TestDatabases.count(db, sql);
        } catch (Exception e) {
            return -1;
        }
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(100);
        }
    }

    static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
