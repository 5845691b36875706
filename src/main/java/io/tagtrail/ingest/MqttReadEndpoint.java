package io.tagtrail.ingest;

import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.tagtrail.model.RejectReason;
import io.tagtrail.security.ReaderCredentials;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.mqtt.MqttAuth;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttServer;
import io.vertx.mqtt.MqttServerOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * TagTrail's own MQTT endpoint: readers (and the simulator) publish to it directly, no broker in between. The
 * connections live on an event loop of their own, where each message is decoded ({@link IntakeLane}); the decoded
 * reads go to the context that owns the store pipelines, and the message is acknowledged (QoS 1 PUBACK, QoS 2
 * PUBREC) only after its reads are in their pipelines, which holds a reader's MQTT client to its in-flight window.
 * A connection that gets {@link #MAX_WAITING} messages ahead of the pipelines all the same, or any connection while
 * the messages of all of them waiting hold {@link #MAX_HELD_BYTES}, is turned away at QoS 0 (each message counted
 * as {@code overloaded}) and disconnected at QoS 1 and 2 (its unacknowledged messages are the reader's to send
 * again), so that no client can fill the heap.
 */
public final class MqttReadEndpoint {
    private static final Logger LOG = Logger.getLogger(MqttReadEndpoint.class.getName());

    private final Vertx vertx;
    private final Context owner;
    private final ReadIntake intake;
    private final int maxMessageBytes;
    private final ReaderCredentials credentials;
    private final KeyCertOptions tls;
    private final AckPolicy ackPolicy;
    private final AtomicInteger connections = new AtomicInteger();
    private MqttServer server;
    private volatile String deployment;

    /** Messages of one connection waiting for the pipelines beyond which it is held off (see above). */
    static final int MAX_WAITING = 4096;
    /** Heap that messages of all connections may hold while they wait for the pipelines, likewise. */
    static final long MAX_HELD_BYTES = 256L * 1024 * 1024;

    /**
     * @param credentials who may connect and publish for which store; null lets anyone publish (loopback demo)
     * @param tls         the server certificate for MQTT over TLS, or null for plain TCP
     */
    public MqttReadEndpoint(Vertx vertx, Context owner, ReadIntake intake, int maxMessageBytes,
                            ReaderCredentials credentials, KeyCertOptions tls, AckPolicy ackPolicy) {
        this.ackPolicy = ackPolicy;
        this.credentials = credentials;
        this.tls = tls;
        this.vertx = vertx;
        this.owner = owner;
        this.intake = intake;
        this.maxMessageBytes = maxMessageBytes;
    }

    /** Listens on {@code host:port} (port 0: any free port); completes with the port bound. */
    public Future<Integer> start(String host, int port) {
        // deployed, so that the connections get an event loop of their own rather than the pipelines' one
        return EventLoops.deployApart(vertx, owner, context -> {
            MqttServerOptions options = new MqttServerOptions().setHost(host).setPort(port)
                    .setMaxMessageSize(maxMessageBytes);
            if (tls != null) {
                options.setSsl(true).setKeyCertOptions(tls);
            }
            server = MqttServer.create(vertx, options);
            return server.endpointHandler(this::onConnect)
                    .exceptionHandler(e -> LOG.warning("MQTT endpoint: " + e.getMessage()))
                    .listen();
        }).map(id -> {
            deployment = id;
            return server.actualPort();
        });
    }

    public int connections() {
        return connections.get();
    }

    /** Closes the endpoint and its connections; again is a no-op. */
    public Future<Void> stop() {
        String id = deployment;
        deployment = null;
        return id == null ? Future.succeededFuture() : vertx.undeploy(id);
    }

    private void onConnect(MqttEndpoint endpoint) {
        if (endpoint.clientIdentifier() == null) {
            endpoint.reject(MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED);
            return;
        }
        ReaderCredentials.Account account = null;
        if (credentials != null) {
            MqttAuth auth = endpoint.auth();
            account = auth == null ? null : credentials.authenticate(auth.getUsername(), auth.getPassword());
            if (account == null) {
                LOG.warning("MQTT client " + endpoint.clientIdentifier() + " refused: bad user name or password");
                endpoint.reject(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD);
                return;
            }
        }
        connections.incrementAndGet();
        Connection connection = new Connection(endpoint, account, new IntakeLane(owner, intake),
                vertx.getOrCreateContext());
        endpoint.publishAutoAck(false);
        endpoint.publishHandler(connection::onPublish);
        endpoint.publishReleaseHandler(endpoint::publishComplete);
        endpoint.subscribeHandler(sub -> endpoint.subscribeAcknowledge(sub.messageId(),
                sub.topicSubscriptions().stream().map(t -> MqttQoS.FAILURE).toList()));
        endpoint.closeHandler(v -> connections.decrementAndGet());
        endpoint.exceptionHandler(e -> LOG.fine("MQTT client " + endpoint.clientIdentifier() + ": " + e.getMessage()));
        endpoint.accept(false);
    }

    /** One reader's connection; everything but {@link #taken} runs on its context {@code io}. */
    private final class Connection {
        private final MqttEndpoint endpoint;
        private final ReaderCredentials.Account account;
        private final IntakeLane lane;
        private final Context io;

        Connection(MqttEndpoint endpoint, ReaderCredentials.Account account, IntakeLane lane, Context io) {
            this.endpoint = endpoint;
            this.account = account;
            this.lane = lane;
            this.io = io;
        }

        void onPublish(MqttPublishMessage message) {
            String topic = message.topicName();
            byte[] payload = message.payload().getBytes();
            long wallMillis = System.currentTimeMillis();
            int id = message.messageId();
            MqttQoS qos = message.qosLevel();
            if (lane.waiting() >= MAX_WAITING || intake.heldBytes() >= MAX_HELD_BYTES) {
                if (qos == MqttQoS.AT_MOST_ONCE) {
                    intake.reject(RejectReason.OVERLOADED);
                } else {
                    LOG.warning("MQTT client " + endpoint.clientIdentifier() + " disconnected: "
                            + lane.waiting() + " of its messages and " + intake.heldBytes() / (1024 * 1024)
                            + " MiB in all are waiting for the pipelines");
                    endpoint.close();
                }
                return;
            }
            Runnable taken = () -> taken(id, qos);
            String store = account == null ? null : lane.storeOf(topic);
            if (store != null && !account.mayPublishTo(store)) {
                lane.refuse(topic, payload, wallMillis, RejectReason.FORBIDDEN_TOPIC, taken);
            } else {
                lane.submit(topic, payload, wallMillis, taken);
            }
        }

        /** On the owner's thread, once the intake took message {@code id}. */
        private void taken(int id, MqttQoS qos) {
            if (qos == MqttQoS.AT_LEAST_ONCE) {
                ackPolicy.afterIntake(() -> io.runOnContext(v -> {
                    if (endpoint.isConnected()) {
                        endpoint.publishAcknowledge(id);
                    }
                }));
            } else if (qos == MqttQoS.EXACTLY_ONCE) {
                ackPolicy.afterIntake(() -> io.runOnContext(v -> {
                    if (endpoint.isConnected()) {
                        endpoint.publishReceived(id);
                    }
                }));
            }
        }
    }
}
