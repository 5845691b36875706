package io.tagtrail.sim;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.tagtrail.ingest.MqttUrl;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.TrustOptions;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes the simulator's messages to an MQTT broker or to TagTrail's endpoint with QoS 1, keeping at most
 * {@code maxInflight} messages unacknowledged: the simulator waits for acknowledgements rather than overrun the
 * receiver.
 */
public final class MqttReadPublisher implements ReadPublisher {
    private final Vertx vertx;
    private final MqttClient client;
    private final Context context;
    private final int maxInflight;
    private final Semaphore inflight;
    private final AtomicLong failed = new AtomicLong();
    private volatile String deploymentId;
    // on the client's thread: what to run when the message with a packet id is acknowledged; publishes with such an
    // action whose packet id is not known yet, and acknowledgements that came meanwhile
    private final Map<Integer, Runnable> awaitingAck = new HashMap<>();
    private int idsPending;
    private final Set<Integer> ackedEarly = new HashSet<>();

    private MqttReadPublisher(Vertx vertx, MqttClient client, Context context, int maxInflight) {
        this.vertx = vertx;
        this.client = client;
        this.context = context;
        this.maxInflight = maxInflight;
        this.inflight = new Semaphore(maxInflight);
    }

    /** Connects (blocking the calling thread, which must not be a Vert.x thread). */
    public static MqttReadPublisher connect(Vertx vertx, MqttUrl url, String clientId, String username,
                                            String password, int maxInflight) throws InterruptedException {
        return connect(vertx, url, clientId, username, password, maxInflight, null);
    }

    /** @param trust certificates to trust for {@code mqtts://} (null: the JVM's default trust store) */
    public static MqttReadPublisher connect(Vertx vertx, MqttUrl url, String clientId, String username,
                                            String password, int maxInflight, TrustOptions trust)
            throws InterruptedException {
        MqttClientOptions options = new MqttClientOptions().setClientId(clientId).setCleanSession(true)
                .setMaxInflightQueue(maxInflight).setKeepAliveInterval(30).setAckTimeout(60)
                .setMaxMessageSize(64 * 1024 * 1024);
        if (username != null) {
            options.setUsername(username).setPassword(password);
        }
        if (url.tls()) {
            options.setSsl(true).setHostnameVerificationAlgorithm("HTTPS");
            if (trust != null) {
                options.setTrustOptions(trust);
            }
        }
        CompletableFuture<MqttReadPublisher> connected = new CompletableFuture<>();
        MqttReadPublisher[] created = new MqttReadPublisher[1];
        // deployed, so that the client gets an event loop of its own: the calling thread's context may be the one
        // a service in the same process (demo, bench) runs on, and the two would then take turns on one thread
        vertx.deployVerticle(context -> {
            MqttClient client = MqttClient.create(vertx, options);
            MqttReadPublisher publisher = new MqttReadPublisher(vertx, client, context, maxInflight);
            client.publishCompletionHandler(publisher::acknowledged);
            client.publishCompletionExpirationHandler(id -> {
                publisher.failed.incrementAndGet();
                publisher.inflight.release();
            });
            created[0] = publisher;
            return client.connect(url.port(), url.host());
        }).onSuccess(id -> {
            created[0].deploymentId = id;
            connected.complete(created[0]);
        }).onFailure(connected::completeExceptionally);
        try {
            return connected.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("cannot connect to MQTT at " + url + ": " + cause.getMessage(), cause);
        }
    }

    @Override
    public void publish(String topic, byte[] payload, int reads, long eventMillis) throws InterruptedException {
        publish(topic, payload);
    }

    /** Publishes with QoS 1, once fewer than {@code maxInflight} messages are unacknowledged. */
    public void publish(String topic, byte[] payload) throws InterruptedException {
        publish(topic, payload, null);
    }

    /**
     * Publishes with QoS 1, once fewer than {@code maxInflight} messages are unacknowledged; {@code acknowledged}
     * (if not null) runs on the client's thread when the receiving end acknowledges the message.
     */
    public void publish(String topic, byte[] payload, Runnable acknowledged) throws InterruptedException {
        publish(topic, Buffer.buffer(payload), acknowledged);
    }

    /**
     * Publishes with QoS 1, once fewer than {@code maxInflight} messages are unacknowledged; {@code acknowledged}
     * (if not null) runs on the client's thread when the receiving end acknowledges the message. The buffer is only
     * read, so one buffer may be published any number of times.
     */
    public void publish(String topic, Buffer buffer, Runnable acknowledged) throws InterruptedException {
        inflight.acquire();
        context.runOnContext(v -> {
            if (acknowledged != null) {
                idsPending++;
            }
            client.publish(topic, buffer, MqttQoS.AT_LEAST_ONCE, false, false)
                    .onSuccess(id -> {
                        if (acknowledged == null) {
                            return;
                        }
                        idsPending--;
                        if (ackedEarly.remove(id)) {
                            acknowledged.run();
                        } else {
                            awaitingAck.put(id, acknowledged);
                        }
                    })
                    .onFailure(e -> {
                        if (acknowledged != null) {
                            idsPending--;
                        }
                        failed.incrementAndGet();
                        inflight.release();
                    });
        });
    }

    private void acknowledged(int packetId) {
        Runnable then = awaitingAck.remove(packetId);
        if (then != null) {
            then.run();
        } else if (idsPending > 0) {
            ackedEarly.add(packetId);
        }
        inflight.release();
    }

    @Override
    public void flush() throws InterruptedException {
        inflight.acquire(maxInflight);
        inflight.release(maxInflight);
    }

    @Override
    public long failed() {
        return failed.get();
    }

    @Override
    public void close() throws InterruptedException {
        CompletableFuture<Void> done = new CompletableFuture<>();
        context.runOnContext(v -> client.disconnect().onComplete(r -> done.complete(null)));
        try {
            done.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // the connection is gone either way
        }
        try {
            vertx.undeploy(deploymentId).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // nothing is left to release but the context
        }
    }
}
