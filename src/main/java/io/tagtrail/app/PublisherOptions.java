package io.tagtrail.app;

import io.tagtrail.ingest.MqttUrl;
import io.tagtrail.security.TlsFiles;
import io.tagtrail.sim.MqttReadPublisher;
import io.vertx.core.Vertx;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** How the simulator's commands reach a broker or TagTrail endpoint, shared by {@code simulate} and {@code replay}. */
final class PublisherOptions {
    @Option(names = "--username", description = "MQTT user name.")
    String username;

    @Option(names = "--password", description = "MQTT password (or env TAGTRAIL_SIMULATOR_PASSWORD).")
    String password;

    @Option(names = "--tls-ca", description = "CA certificates to trust for mqtts:// (PEM, .p12 or .jks).")
    Path tlsCa;

    @Option(names = "--max-inflight", defaultValue = "256",
            description = "Unacknowledged MQTT messages at most (default: ${DEFAULT-VALUE}).")
    int maxInflight;

    MqttReadPublisher connect(Vertx vertx, String mqttUrl, String clientId) throws InterruptedException {
        String pw = password != null ? password : System.getenv("TAGTRAIL_SIMULATOR_PASSWORD");
        return MqttReadPublisher.connect(vertx, MqttUrl.parse(mqttUrl), clientId, username, pw, maxInflight,
                tlsCa == null ? null : TlsFiles.trust(tlsCa, null));
    }
}
