package io.tagtrail.ingest;

import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
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
 * TagTrail's own MQTT endpoint: readers (and the simulator) publish to it directly, no broker in between. Every
 * message is handed to the intake on the context that owns the store pipelines, and acknowledged (QoS 1 PUBACK,
 * QoS 2 PUBREC) only after its reads are in their pipelines.
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
        Promise<Integer> bound = Promise.promise();
        owner.runOnContext(v -> {
            MqttServerOptions options = new MqttServerOptions().setHost(host).setPort(port)
                    .setMaxMessageSize(maxMessageBytes);
            if (tls != null) {
                options.setSsl(true).setKeyCertOptions(tls);
            }
            server = MqttServer.create(vertx, options);
            server.endpointHandler(this::onConnect)
                    .exceptionHandler(e -> LOG.warning("MQTT endpoint: " + e.getMessage()))
                    .listen()
                    .onSuccess(s -> bound.complete(s.actualPort()))
                    .onFailure(bound::fail);
        });
        return bound.future();
    }

    public int connections() {
        return connections.get();
    }

    public Future<Void> stop() {
        return server == null ? Future.succeededFuture() : server.close();
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
        ReaderCredentials.Account granted = account;
        endpoint.publishAutoAck(false);
        endpoint.publishHandler(message -> onPublish(endpoint, granted, message));
        endpoint.publishReleaseHandler(endpoint::publishComplete);
        endpoint.subscribeHandler(sub -> endpoint.subscribeAcknowledge(sub.messageId(),
                sub.topicSubscriptions().stream().map(t -> MqttQoS.FAILURE).toList()));
        endpoint.closeHandler(v -> connections.decrementAndGet());
        endpoint.exceptionHandler(e -> LOG.fine("MQTT client " + endpoint.clientIdentifier() + ": " + e.getMessage()));
        endpoint.accept(false);
    }

    private void onPublish(MqttEndpoint endpoint, ReaderCredentials.Account account, MqttPublishMessage message) {
        String store = intake.storeOf(message.topicName());
        if (account != null && store != null && !account.mayPublishTo(store)) {
            intake.reject(RejectReason.FORBIDDEN_TOPIC);
        } else {
            intake.onMessage(message.topicName(), message.payload().getBytes(), System.currentTimeMillis());
        }
        int id = message.messageId();
        if (message.qosLevel() == MqttQoS.AT_LEAST_ONCE) {
            ackPolicy.afterIntake(() -> {
                if (endpoint.isConnected()) {
                    endpoint.publishAcknowledge(id);
                }
            });
        } else if (message.qosLevel() == MqttQoS.EXACTLY_ONCE) {
            ackPolicy.afterIntake(() -> {
                if (endpoint.isConnected()) {
                    endpoint.publishReceived(id);
                }
            });
        }
    }
}
