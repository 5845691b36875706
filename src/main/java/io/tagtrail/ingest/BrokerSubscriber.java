package io.tagtrail.ingest;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.TrustOptions;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * Takes reads from an external broker (Mosquitto, EMQX, HiveMQ...): a persistent session (clean session off) with a
 * stable client id, a QoS 1 subscription, manual acknowledgement after the reads are in their pipelines, and
 * reconnection with exponential backoff when the broker goes away.
 */
public final class BrokerSubscriber {
    private static final Logger LOG = Logger.getLogger(BrokerSubscriber.class.getName());

    /** How to reach and subscribe to the broker. */
    public record Settings(MqttUrl url, String clientId, String username, String password, List<String> filters, int qos,
                           int maxInflight, int maxMessageBytes, TrustOptions trust) {
        @Override
        public String toString() {
            return "Settings[" + url + ", clientId=" + clientId + ", username=" + username + ", filters=" + filters + "]";
        }
    }

    private final Vertx vertx;
    /** The client's context: an event loop of its own, where messages arrive (and are decoded). */
    private volatile Context io;
    private volatile String deployment;
    private final Context avoid;
    private final MessageHandler handler;
    private final Settings settings;
    private final AckPolicy ackPolicy;
    private MqttClient client;
    /** Messages handed to the handler and not yet taken. */
    private final AtomicInteger waiting = new AtomicInteger();
    private volatile boolean paused;

    /** Messages handed on and not yet taken at which the client stops reading, and at which it reads again. */
    public static final int PAUSE_AT = 64;
    public static final int RESUME_AT = 16;
    private long backoffMillis = 500;
    private volatile boolean connected;
    private volatile boolean stopped;
    private boolean reconnectPending;

    /** What is done with each message before it is acknowledged: the intake, or anything else that takes it. */
    @FunctionalInterface
    public interface MessageHandler {
        /**
         * Takes one message, on the subscriber's thread.
         *
         * @param taken to be run once the message is taken (on any thread, in the order the messages came): then it
         *              is acknowledged to the broker, and no longer counts against {@link #PAUSE_AT}
         */
        void onMessage(String topic, byte[] payload, long wallMillis, Runnable taken);
    }

    /**
     * @param avoid   a context whose event loop the client must not share (the pipelines' owner), or null
     * @param handler takes each message, on the subscriber's own event loop
     */
    public BrokerSubscriber(Vertx vertx, Context avoid, MessageHandler handler, Settings settings,
                            AckPolicy ackPolicy) {
        this.avoid = avoid;
        this.ackPolicy = ackPolicy;
        this.vertx = vertx;
        this.handler = handler;
        this.settings = settings;
    }

    /** Connects and subscribes; completes after the first subscription, fails if the first connect fails. */
    public Future<Void> start() {
        Promise<Void> started = Promise.promise();
        // deployed, so that the client gets an event loop of its own rather than the pipelines' one
        return EventLoops.deployApart(vertx, avoid, context -> {
            io = context;
            connect(started);
            return Future.succeededFuture();
        }).compose(id -> {
            deployment = id;
            return started.future().recover(e -> {
                // nothing to keep when the first connection fails: the caller gives up
                deployment = null;
                return vertx.undeploy(id).transform(undeployed -> Future.failedFuture(e));
            });
        });
    }

    public boolean isConnected() {
        return connected;
    }

    public Future<Void> stop() {
        stopped = true;
        if (io == null) {
            return Future.succeededFuture();
        }
        Promise<Void> done = Promise.promise();
        io.runOnContext(v -> {
            if (client != null && client.isConnected()) {
                client.disconnect().onComplete(r -> done.complete());
            } else {
                done.complete();
            }
        });
        String id = deployment;
        deployment = null;
        return done.future().compose(v -> id == null ? Future.succeededFuture() : vertx.undeploy(id));
    }

    /**
     * Ends the broker's persistent session of this client id, with whatever it has queued, by connecting once with
     * a clean session: so that a session left behind by a load test neither replays old messages into the next
     * one nor keeps collecting messages on the broker.
     */
    public static Future<Void> discardSession(Vertx vertx, Settings settings) {
        MqttClient once = MqttClient.create(vertx, options(settings).setCleanSession(true));
        return once.connect(settings.url().port(), settings.url().host())
                .compose(ack -> once.disconnect())
                .recover(e -> Future.failedFuture(new IllegalStateException("cannot connect to MQTT broker "
                        + settings.url() + ": " + e.getMessage(), e)));
    }

    private static MqttClientOptions options(Settings settings) {
        MqttClientOptions options = new MqttClientOptions()
                .setClientId(settings.clientId())
                .setCleanSession(false)
                .setAutoAck(false)
                .setKeepAliveInterval(30)
                .setMaxInflightQueue(settings.maxInflight())
                .setMaxMessageSize(settings.maxMessageBytes());
        if (settings.username() != null) {
            options.setUsername(settings.username()).setPassword(settings.password());
        }
        if (settings.url().tls()) {
            options.setSsl(true).setHostnameVerificationAlgorithm("HTTPS");
            if (settings.trust() != null) {
                options.setTrustOptions(settings.trust());
            }
        }
        return options;
    }

    private void connect(Promise<Void> firstAttempt) {
        client = MqttClient.create(vertx, options(settings));
        // a new connection reads from the start; messages of the old one still waiting count against the new one
        paused = false;
        client.publishHandler(this::onPublish);
        client.exceptionHandler(e -> LOG.warning("MQTT connection to " + settings.url() + ": " + e));
        client.closeHandler(v -> {
            connected = false;
            if (!stopped) {
                LOG.warning("lost connection to broker " + settings.url() + ", reconnecting in " + backoffMillis + " ms");
                scheduleReconnect();
            }
        });
        client.connect(settings.url().port(), settings.url().host())
                .compose(ack -> {
                    Map<String, Integer> subscriptions = new LinkedHashMap<>();
                    settings.filters().forEach(f -> subscriptions.put(f, settings.qos()));
                    return client.subscribe(subscriptions);
                })
                .onSuccess(id -> {
                    connected = true;
                    backoffMillis = 500;
                    LOG.info("subscribed to " + settings.filters() + " on " + settings.url());
                    if (firstAttempt != null) {
                        firstAttempt.complete();
                    }
                })
                .onFailure(e -> {
                    connected = false;
                    if (firstAttempt != null) {
                        firstAttempt.fail(new IllegalStateException("cannot connect to MQTT broker " + settings.url()
                                + ": " + e.getMessage(), e));
                    } else if (!stopped) {
                        LOG.warning("reconnect to " + settings.url() + " failed: " + e.getMessage());
                        scheduleReconnect();
                    }
                });
    }

    private void scheduleReconnect() {
        if (reconnectPending) {
            return;
        }
        reconnectPending = true;
        long delay = backoffMillis;
        backoffMillis = Math.min(backoffMillis * 2, 30_000);
        vertx.setTimer(delay, t -> io.runOnContext(v -> {
            reconnectPending = false;
            if (!stopped && !connected) {
                connect(null);
            }
        }));
    }

    /**
     * Hands a message on. While the handler has {@link #PAUSE_AT} messages not yet taken, the client stops reading
     * from the broker, which then keeps the rest queued, until they are down to {@link #RESUME_AT}.
     */
    private void onPublish(MqttPublishMessage message) {
        boolean acknowledged = message.qosLevel() != MqttQoS.AT_MOST_ONCE;
        MqttClient current = client;
        Runnable taken = () -> {
            if (acknowledged) {
                ackPolicy.afterIntake(() -> io.runOnContext(v -> {
                    // an ack for a connection that has since dropped is void: the broker redelivers the message
                    if (current == client && current.isConnected()) {
                        message.ack();
                    }
                }));
            }
            if (waiting.decrementAndGet() <= RESUME_AT && paused) {
                io.runOnContext(v -> {
                    if (paused && waiting.get() <= RESUME_AT) {
                        paused = false;
                        // a client that lost its connection meanwhile reads again anyway once it reconnects
                        if (client.isConnected()) {
                            client.resume();
                        }
                    }
                });
            }
        };
        if (waiting.incrementAndGet() >= PAUSE_AT && !paused) {
            paused = true;
            current.pause();
        }
        handler.onMessage(message.topicName(), message.payload().getBytes(), System.currentTimeMillis(), taken);
    }
}
