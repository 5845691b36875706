package io.tagtrail.app;

import io.tagtrail.ingest.MqttUrl;
import io.tagtrail.ingest.TopicScheme;
import io.tagtrail.security.TlsFiles;
import io.tagtrail.sim.PayloadFormats;
import io.tagtrail.sim.MqttReadPublisher;
import io.tagtrail.sim.Scenario;
import io.tagtrail.sim.Simulator;
import io.vertx.core.Vertx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** The reader simulator against any MQTT broker or TagTrail endpoint. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Simulate a store's readers and publish their reads over MQTT, with ground truth.")
final class SimulateCommand implements Callable<Integer> {
    @Mixin
    RunOptions run = new RunOptions();

    @Option(names = "--mqtt-url", defaultValue = "tcp://127.0.0.1:1883",
            description = "Broker or TagTrail endpoint (default: ${DEFAULT-VALUE}).")
    String mqttUrl;


    @Option(names = "--topic-template", defaultValue = TopicScheme.DEFAULT_TEMPLATE,
            description = "Topic per reader (default: ${DEFAULT-VALUE}).")
    String topicTemplate;

    @Option(names = "--truth", description = "Write the ground truth to this file (JSON Lines).")
    Path truth;

    @Option(names = "--username", description = "MQTT user name.")
    String username;

    @Option(names = "--password", description = "MQTT password (or env TAGTRAIL_SIMULATOR_PASSWORD).")
    String password;

    @Option(names = "--tls-ca", description = "CA certificates to trust for mqtts:// (PEM, .p12 or .jks).")
    Path tlsCa;

    @Override
    public Integer call() throws Exception {
        Scenario scenario = run.scenario();
        Simulator simulator = new Simulator(run.layout(), scenario, new TopicScheme(topicTemplate),
                PayloadFormats.encoder(run.format));
        if (truth != null) {
            simulator.writeTruth(truth);
        }
        String pw = password != null ? password : System.getenv("TAGTRAIL_SIMULATOR_PASSWORD");
        Vertx vertx = Vertx.vertx();
        try (MqttReadPublisher publisher = MqttReadPublisher.connect(vertx, MqttUrl.parse(mqttUrl),
                "tagtrail-simulator-" + scenario.seed(), username, pw, 256,
                tlsCa == null ? null : TlsFiles.trust(tlsCa, null))) {
            long[] last = {0};
            simulator.run(publisher, run.speed(), (sim, reads, messages) -> {
                long now = System.nanoTime();
                if (now - last[0] > 5_000_000_000L) {
                    last[0] = now;
                    System.out.printf(Locale.ROOT, "%5.1f%%  %,d reads in %,d messages%n",
                            100.0 * (sim - scenario.start().toEpochMilli()) / scenario.duration().toMillis(), reads,
                            messages);
                }
            });
            System.out.printf(Locale.ROOT, "done: %,d reads in %,d messages, %d failed%n",
                    simulator.readsPublished(), simulator.messagesPublished(), publisher.failed());
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
        return 0;
    }
}
