package io.tagtrail.ingest;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.tagtrail.core.CapturingResultSink;
import io.tagtrail.core.PipelineConfig;
import io.tagtrail.core.StorePipeline;
import io.tagtrail.decode.DecoderSelector;
import io.tagtrail.member.MemberDirectory;
import io.tagtrail.model.RejectReason;
import io.tagtrail.sim.ImpinjPayloadEncoder;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The own endpoint decodes on its connections' event loop and hands the reads to the pipelines' owner: in order,
 * acknowledged only once taken, and with a connection that runs too far ahead held off.
 */
class MqttReadEndpointTest {
    private static final String TOPIC = "tagtrail/s1/r-f0-a/reads";

    private Vertx vertx;
    private Context owner;
    private ReadIntake intake;
    private MqttReadEndpoint endpoint;
    private MqttClient client;
    private final List<String> takenOnOwner = Collections.synchronizedList(new ArrayList<>());
    private final List<Thread> takenBy = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        CompletableFuture<Context> ownerContext = new CompletableFuture<>();
        await(vertx.deployVerticle(context -> {
            ownerContext.complete(context);
            return Future.succeededFuture();
        }));
        owner = ownerContext.get(10, TimeUnit.SECONDS);
        StorePipeline pipeline = new StorePipeline(ReadIntakeTest.LAYOUT, PipelineConfig.DEFAULTS,
                new MemberDirectory(), new CapturingResultSink());
        intake = new ReadIntake(new TopicScheme(TopicScheme.DEFAULT_TEMPLATE), Map.of("s1", pipeline),
                () -> new DecoderSelector("auto"), 1 << 20, new IntakeCounters());
        CountDownLatch listening = new CountDownLatch(1);
        owner.runOnContext(v -> {
            intake.listener((topic, payload, outcome) -> {
                takenOnOwner.add(new String(payload));
                takenBy.add(Thread.currentThread());
            });
            listening.countDown();
        });
        assertTrue(listening.await(10, TimeUnit.SECONDS));
        endpoint = new MqttReadEndpoint(vertx, owner, intake, 1 << 20, null, null, AckPolicy.IMMEDIATE);
        int port = await(endpoint.start("127.0.0.1", 0));
        client = MqttClient.create(vertx, new MqttClientOptions().setClientId("test-reader").setMaxInflightQueue(64));
        await(client.connect(port, "127.0.0.1"));
    }

    @AfterEach
    void stop() throws Exception {
        await(client.disconnect());
        await(endpoint.stop());
        await(vertx.close());
    }

    /** A one-read Impinj payload; {@code n} makes each distinct (its EPC and time). */
    private static byte[] payload(int n) {
        long now = System.currentTimeMillis() * 1000;
        return new ImpinjPayloadEncoder().encode("impinj-f0-a", 1, new long[]{now - 60_000_000 + n},
                new long[]{0x2D40A3B1C2D30000L}, new long[]{n}, new int[]{1}, new int[]{-5500});
    }

    @Test
    void acknowledgesEachMessageOnlyOnceTheOwnerTookItAndKeepsTheirOrder() throws Exception {
        int n = 300;
        List<String> sent = new ArrayList<>();
        java.util.concurrent.LinkedBlockingQueue<Long> acceptedAtAck = new java.util.concurrent.LinkedBlockingQueue<>();
        client.publishCompletionHandler(id -> acceptedAtAck.add(intake.counters().readsAccepted()));
        for (int i = 0; i < n; i++) {
            byte[] p = payload(i);
            sent.add(new String(p));
            await(client.publish(TOPIC, Buffer.buffer(p), MqttQoS.AT_LEAST_ONCE, false, false));
            Long accepted = acceptedAtAck.poll(30, TimeUnit.SECONDS);
            assertEquals(i + 1, accepted, "the PUBACK came once the message's read was taken");
        }
        assertEquals(sent, List.copyOf(takenOnOwner), "taken in the order they were sent");
        CompletableFuture<Thread> ownerThread = new CompletableFuture<>();
        owner.runOnContext(v -> ownerThread.complete(Thread.currentThread()));
        Thread expected = ownerThread.get(10, TimeUnit.SECONDS);
        assertTrue(takenBy.stream().allMatch(t -> t == expected), "all taken on the owner's thread");
    }

    @Test
    void aConnectionFarAheadOfTheOwnerHasItsQos0MessagesTurnedAwayAndCounted() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocked = new CountDownLatch(1);
        owner.runOnContext(v -> {
            blocked.countDown();
            try {
                // the pipelines' thread is busy elsewhere while the reader sends
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(blocked.await(10, TimeUnit.SECONDS));
        int n = MqttReadEndpoint.MAX_WAITING + 104;
        try {
            for (int i = 0; i < n; i++) {
                client.publish(TOPIC, Buffer.buffer(payload(i)), MqttQoS.AT_MOST_ONCE, false, false);
            }
            awaitTrue(() -> intake.counters().rejected(RejectReason.OVERLOADED) == 104);
        } finally {
            release.countDown();
        }
        awaitTrue(() -> intake.counters().messages() == n);
        assertEquals(MqttReadEndpoint.MAX_WAITING, intake.counters().readsAccepted(),
                "what was handed over before the limit is all taken");
        assertEquals(104, intake.counters().rejectedTotal(), "the rest is counted, as overloaded");
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met within 30 s");
            Thread.sleep(5);
        }
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
