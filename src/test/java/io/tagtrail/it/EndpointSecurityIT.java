package io.tagtrail.it;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.tagtrail.app.TagTrailService;
import io.tagtrail.db.DbConfig;
import io.tagtrail.db.Schema;
import io.tagtrail.ingest.MqttUrl;
import io.tagtrail.ingest.TopicScheme;
import io.tagtrail.model.RejectReason;
import io.tagtrail.security.PasswordHash;
import io.tagtrail.sim.MqttReadPublisher;
import io.tagtrail.sim.PayloadFormats;
import io.tagtrail.sim.Simulator;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Nobody let in: the own endpoint with TLS and reader accounts refuses unauthenticated and wrongly authenticated
 * clients and plain TCP, and a reader's account publishes only for its own store; the broker path connects to a
 * Mosquitto that requires TLS and a password.
 */
class EndpointSecurityIT {
    static Path dir;
    static Path p12;
    static Path caPem;
    static Path certPem;
    static Path keyPem;
    static Vertx vertx;

    @BeforeAll
    static void certificates() throws Exception {
        dir = Files.createTempDirectory("tagtrail-tls-");
        // Mosquitto drops to its own user and must be able to read the certificate and key
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        p12 = dir.resolve("server.p12");
        caPem = dir.resolve("ca.pem");
        keytool("-genkeypair", "-alias", "tagtrail", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=localhost", "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2", "-keystore",
                p12.toString(), "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit");
        keytool("-exportcert", "-rfc", "-alias", "tagtrail", "-keystore", p12.toString(), "-storepass", "changeit",
                "-file", caPem.toString());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(p12)) {
            ks.load(in, "changeit".toCharArray());
        }
        Key key = ks.getKey("tagtrail", "changeit".toCharArray());
        keyPem = dir.resolve("key.pem");
        Files.writeString(keyPem, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        certPem = caPem;
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    static void keytool(String... args) throws Exception {
        String java = System.getProperty("java.home");
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(java, "bin", "keytool").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "keytool failed: " + out);
    }

    static TagTrailService service(Map<String, String> extra) throws Exception {
        DbConfig db = TestDatabases.freshPostgres();
        Schema.migrate(db);
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("db.url", db.url());
        flags.put("endpoint.port", "0");
        flags.put("http.port", "-1");
        flags.put("event-time.max-future-skew", "36500d");
        flags.putAll(extra);
        return SharedServices.startService(vertx, flags, Map.of(SimulatedRun.SAMPLE.storeId(), SimulatedRun.SAMPLE));
    }

    @Test
    void endpointAdmitsOnlyAuthenticatedReadersOverTlsAndOnlyForTheirStore() throws Exception {
        Path users = dir.resolve("users.properties");
        Files.writeString(users, "reader-s1 = s1:" + PasswordHash.hash("s1-secret-pw".toCharArray()) + "\n"
                + "reader-s2 = s2:" + PasswordHash.hash("s2-secret-pw".toCharArray()) + "\n");
        TagTrailService service = service(Map.of("endpoint.users-file", users.toString(),
                "endpoint.tls-cert", p12.toString(), "endpoint.tls-password", "changeit"));
        try {
            int port = service.endpointPort();
            assertThrows(Exception.class, () -> connect(port, true, null, null), "no credentials");
            assertThrows(Exception.class, () -> connect(port, true, "reader-s1", "wrong-password"), "bad password");
            assertThrows(Exception.class, () -> connect(port, true, "nobody", "s1-secret-pw"), "unknown user");
            assertThrows(Exception.class, () -> connect(port, false, "reader-s1", "s1-secret-pw"), "plain TCP");

            var scenario = SimulatedRun.scenario(Instant.parse("2026-11-20T10:00:00Z"), Duration.ofMinutes(2), 600, 31);
            Simulator sim = new Simulator(SimulatedRun.SAMPLE, scenario, new TopicScheme(TopicScheme.DEFAULT_TEMPLATE),
                    PayloadFormats.encoder("impinj"));
            try (MqttReadPublisher publisher = MqttReadPublisher.connect(vertx, new MqttUrl("127.0.0.1", port, true),
                    "reader-s1-client", "reader-s1", "s1-secret-pw", 64,
                    new PemTrustOptions().addCertPath(caPem.toString()))) {
                sim.run(publisher, Double.POSITIVE_INFINITY, null);
            }
            assertTrue(sim.readsPublished() > 1000);
            assertEquals(sim.readsPublished(), service.counters().readsAccepted());

            MqttClient s2 = connect(port, true, "reader-s2", "s2-secret-pw");
            s2.publish("tagtrail/s1/r-f0-a/reads", Buffer.buffer("{}"), MqttQoS.AT_LEAST_ONCE, false, false)
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (service.counters().rejected(RejectReason.FORBIDDEN_TOPIC) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            s2.disconnect().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertEquals(1, service.counters().rejected(RejectReason.FORBIDDEN_TOPIC),
                    "a reader of store s2 may not publish for s1");
            assertEquals(sim.readsPublished(), service.counters().readsAccepted());
        } finally {
            service.close();
        }
    }

    @Test
    void brokerPathConnectsToMosquittoOverTlsWithAPassword() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.startSecure(certPem, keyPem, "tagtrail", "broker-secret")) {
            TagTrailService service = service(Map.of("mqtt.url", "mqtts://127.0.0.1:" + broker.port(),
                    "mqtt.username", "tagtrail", "mqtt.password", "broker-secret", "mqtt.tls-ca", caPem.toString(),
                    "mqtt.client-id", "tagtrail-tls-it"));
            try {
                var scenario = SimulatedRun.scenario(Instant.parse("2026-11-20T11:00:00Z"), Duration.ofMinutes(2), 600,
                        32);
                Simulator sim = new Simulator(SimulatedRun.SAMPLE, scenario,
                        new TopicScheme(TopicScheme.DEFAULT_TEMPLATE), PayloadFormats.encoder("zebra"));
                try (MqttReadPublisher publisher = MqttReadPublisher.connect(vertx,
                        new MqttUrl("127.0.0.1", broker.port(), true), "tls-sim", "tagtrail", "broker-secret", 64,
                        new PemTrustOptions().addCertPath(caPem.toString()))) {
                    sim.run(publisher, Double.POSITIVE_INFINITY, null);
                }
                long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
                while (service.counters().readsAccepted() < sim.readsPublished() && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertEquals(sim.readsPublished(), service.counters().readsAccepted());
                assertTrue(service.brokerConnected());
            } finally {
                service.close();
            }
            assertThrows(Exception.class, () -> MqttReadPublisher.connect(vertx,
                    new MqttUrl("127.0.0.1", broker.port(), true), "tls-intruder", "tagtrail", "guess", 8,
                    new PemTrustOptions().addCertPath(caPem.toString())), "Mosquitto refuses a wrong password");
        }
    }

    @Test
    void httpApiAndMetricsRequireTheTokenWhileHealthStaysOpen() throws Exception {
        TagTrailService service = service(Map.of("http.port", "0", "http.token", "ops-token-123"));
        try {
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + service.httpPort();
            java.util.function.BiFunction<String, String, Integer> status = (path, token) -> {
                var b = java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + path));
                if (token != null) {
                    b.header("Authorization", "Bearer " + token);
                }
                try {
                    return http.send(b.build(), java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            };
            assertEquals(401, status.apply("/metrics", null));
            assertEquals(401, status.apply("/metrics", "wrong"));
            assertEquals(401, status.apply("/api/stores/s1/occupancy", null));
            assertEquals(200, status.apply("/metrics", "ops-token-123"));
            assertEquals(200, status.apply("/api/stores/s1/occupancy", "ops-token-123"));
            assertEquals(200, status.apply("/health/live", null), "probes need no token");
        } finally {
            service.close();
        }
    }

    static MqttClient connect(int port, boolean tls, String user, String password) throws Exception {
        MqttClientOptions o = new MqttClientOptions().setClientId("sec-it-" + System.nanoTime());
        if (user != null) {
            o.setUsername(user).setPassword(password);
        }
        if (tls) {
            o.setSsl(true).setHostnameVerificationAlgorithm("HTTPS")
                    .setTrustOptions(new PemTrustOptions().addCertPath(caPem.toString()));
        }
        MqttClient c = MqttClient.create(vertx, o);
        c.connect(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return c;
    }

}
