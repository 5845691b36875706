package io.tagtrail.app;

import io.tagtrail.ingest.MqttUrl;
import io.tagtrail.sim.MqttReadPublisher;
import io.tagtrail.sim.RecordFileReader;
import io.tagtrail.sim.Replayer;
import io.vertx.core.Vertx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** Publishes a read stream recorded by {@code simulate --record} to a broker or TagTrail endpoint. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Publish a recorded read stream over MQTT, paced by its recorded reader times.")
final class ReplayCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "Record file written by 'tagtrail simulate --record'.")
    Path file;

    @Option(names = "--mqtt-url", defaultValue = SimulateCommand.DEFAULT_MQTT_URL,
            description = "Broker or TagTrail endpoint (default: ${DEFAULT-VALUE}).")
    String mqttUrl;

    @Option(names = "--speed", defaultValue = "10",
            description = "Recorded seconds per wall second, or 'max' (default: ${DEFAULT-VALUE}).")
    String speed;

    @Mixin
    PublisherOptions publisher = new PublisherOptions();

    private final PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        RunOptions pace = new RunOptions();
        pace.speed = speed;
        double s = pace.speed();
        Vertx vertx = Vertx.vertx();
        try (RecordFileReader reader = new RecordFileReader(Files.newInputStream(file));
             MqttReadPublisher publisher = this.publisher.connect(vertx, mqttUrl,
                     "tagtrail-replay-" + ProcessHandle.current().pid())) {
            out.println("replaying " + file + ": " + reader.header());
            SimulateCommand.RateProgress progress = new SimulateCommand.RateProgress(out, 0, 0);
            long[] lastPrint = {System.nanoTime()};
            long wallStart = System.nanoTime();
            Replayer.Totals totals = new Replayer(reader, publisher).replay(s, (sim, reads, messages) -> {
                long now = System.nanoTime();
                if (now - lastPrint[0] >= 5_000_000_000L) {
                    lastPrint[0] = now;
                    out.printf(Locale.ROOT, "recorded time %s  %,d reads in %,d messages, %,.0f reads/s%n",
                            java.time.Instant.ofEpochMilli(sim), reads, messages, reads / ((now - wallStart) / 1e9));
                }
            });
            progress.done(totals.reads(), totals.messages(), publisher.failed());
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
        return 0;
    }
}
