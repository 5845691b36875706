package io.tagtrail.app;

import io.tagtrail.ingest.MqttUrl;
import io.tagtrail.ingest.TopicScheme;
import io.tagtrail.security.TlsFiles;
import io.tagtrail.sim.MqttReadPublisher;
import io.tagtrail.sim.PayloadFormats;
import io.tagtrail.sim.ReadPublisher;
import io.tagtrail.sim.RecordFileWriter;
import io.tagtrail.sim.Scenario;
import io.tagtrail.sim.Simulator;
import io.tagtrail.sim.TeePublisher;
import io.vertx.core.Vertx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** The reader simulator against any MQTT broker or TagTrail endpoint, or into a record file. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Simulate a store's readers and publish their reads over MQTT and/or record them, with "
                + "ground truth.")
final class SimulateCommand implements Callable<Integer> {
    static final String DEFAULT_MQTT_URL = "tcp://127.0.0.1:1883";

    @Mixin
    RunOptions run = new RunOptions();

    @Option(names = "--mqtt-url", description = "Broker or TagTrail endpoint (default: " + DEFAULT_MQTT_URL
            + ", unless --record is given without it: then the reads are only recorded).")
    String mqttUrl;

    @Option(names = "--record", description = "Write the read stream to this record file (replay it with "
            + "'tagtrail replay').")
    Path record;

    @Option(names = "--topic-template", defaultValue = TopicScheme.DEFAULT_TEMPLATE,
            description = "Topic per reader (default: ${DEFAULT-VALUE}).")
    String topicTemplate;

    @Option(names = "--truth", description = "Write the ground truth to this file (JSON Lines).")
    Path truth;

    @Mixin
    PublisherOptions publisher = new PublisherOptions();

    private final PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        Scenario scenario = run.scenario();
        double speed = run.speed();
        Simulator simulator = new Simulator(run.layout(), scenario, new TopicScheme(topicTemplate),
                PayloadFormats.encoder(run.format));
        out.printf(Locale.ROOT, "simulating store %s, scenario %s, %s from %s, seed %d: %,d shoppers, at most %,d "
                        + "inside at once%n", simulator.layout().storeId(), scenario.name(),
                DemoCommand.human(scenario.duration()), scenario.start(), scenario.seed(),
                simulator.plans().stream().filter(p -> !p.isStaff()).count(), simulator.peakShoppersInside());
        if (truth != null) {
            simulator.writeTruth(truth);
        }
        boolean publish = mqttUrl != null || record == null;
        Vertx vertx = publish ? Vertx.vertx() : null;
        ReadPublisher mqtt = null;
        RecordFileWriter recorder = null;
        try {
            if (publish) {
                mqtt = publisher.connect(vertx, mqttUrl != null ? mqttUrl : DEFAULT_MQTT_URL,
                        "tagtrail-simulator-" + scenario.seed());
            }
            if (record != null) {
                OutputStream file = Files.newOutputStream(record);
                recorder = new RecordFileWriter(file, simulator.describe());
            }
            ReadPublisher target = mqtt != null && recorder != null ? new TeePublisher(mqtt, recorder)
                    : mqtt != null ? mqtt : recorder;
            RateProgress progress = new RateProgress(out, scenario.start().toEpochMilli(),
                    scenario.duration().toMillis());
            simulator.run(target, speed, progress::update);
            long failed = target.failed();
            if (recorder != null) {
                recorder.close();
            }
            progress.done(simulator.readsPublished(), simulator.messagesPublished(), failed);
            if (record != null) {
                out.println("read stream recorded in " + record);
            }
            if (truth != null) {
                out.println("ground truth written to " + truth);
            }
        } finally {
            if (mqtt != null) {
                mqtt.close();
            }
            if (vertx != null) {
                vertx.close().toCompletionStage().toCompletableFuture().get();
            }
        }
        return 0;
    }

    /** Progress every few seconds with the wall-clock rate, and a closing line. */
    static final class RateProgress {
        private final PrintStream out;
        private final long startMillis;
        private final long spanMillis;
        private final long wallStart = System.nanoTime();
        private long lastPrint = System.nanoTime();

        RateProgress(PrintStream out, long startMillis, long spanMillis) {
            this.out = out;
            this.startMillis = startMillis;
            this.spanMillis = spanMillis;
        }

        void update(long simMillis, long reads, long messages) {
            long now = System.nanoTime();
            if (now - lastPrint < 5_000_000_000L) {
                return;
            }
            lastPrint = now;
            double wall = (now - wallStart) / 1e9;
            out.printf(Locale.ROOT, "%5.1f%%  %,d reads in %,d messages, %,.0f reads/s%n",
                    spanMillis > 0 ? 100.0 * (simMillis - startMillis) / spanMillis : 100.0, reads, messages,
                    reads / wall);
        }

        void done(long reads, long messages, long failed) {
            double wall = (System.nanoTime() - wallStart) / 1e9;
            out.printf(Locale.ROOT, "done: %,d reads in %,d messages in %.1f s wall (%,.0f reads/s), %d failed%n",
                    reads, messages, wall, reads / wall, failed);
        }
    }
}
