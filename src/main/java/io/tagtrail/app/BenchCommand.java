package io.tagtrail.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tagtrail.config.Settings;
import io.tagtrail.config.TagTrailConfig;
import io.tagtrail.db.DbConfig;
import io.tagtrail.db.EmbeddedPostgres;
import io.tagtrail.db.MemberCardStore;
import io.tagtrail.db.Schema;
import io.tagtrail.ingest.MqttUrl;
import io.tagtrail.ingest.TopicScheme;
import io.tagtrail.layout.StoreLayout;
import io.tagtrail.sim.MqttReadPublisher;
import io.tagtrail.sim.PayloadFormats;
import io.tagtrail.sim.RecordingPublisher;
import io.tagtrail.sim.Scenario;
import io.tagtrail.sim.Simulator;
import io.vertx.core.Vertx;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * End-to-end load test: a simulated store's read stream is recorded first, then published over MQTT at a fixed
 * open-loop rate (or as fast as acknowledgements allow) into the running service, which writes every result to
 * PostgreSQL. Latency is measured per message from its scheduled send time (so a stalled receiver cannot hide
 * its backlog: coordinated omission is corrected) to its acknowledgement, which the own endpoint sends once the
 * message's reads are in their store pipeline.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Load-test the service end to end over MQTT and report reads/s and latency percentiles.")
final class BenchCommand implements java.util.concurrent.Callable<Integer> {
    @Mixin
    RunOptions run = new RunOptions();

    @Option(names = "--rate", defaultValue = "0",
            description = "Target reads per second, open loop; 0 publishes as fast as acknowledgements allow.")
    double rate;

    @Option(names = "--db-url", description = "PostgreSQL/TimescaleDB (JDBC URL) instead of an embedded one.")
    String dbUrl;

    @Option(names = "--max-inflight", defaultValue = "512", description = "Unacknowledged messages at most.")
    int maxInflight;

    @Option(names = "--json", description = "Write the figures as JSON to this file.")
    Path json;

    @Override
    public Integer call() throws Exception {
        Scenario scenario = run.scenario();
        StoreLayout layout = run.layout();
        System.out.printf(Locale.ROOT, "recording %s of store %s ...%n", DemoCommand.human(scenario.duration()),
                layout.storeId());
        Simulator simulator = new Simulator(layout, scenario, new TopicScheme(TopicScheme.DEFAULT_TEMPLATE),
                PayloadFormats.encoder(run.format));
        RecordingPublisher recording = new RecordingPublisher();
        simulator.run(recording, Double.POSITIVE_INFINITY, null);
        List<RecordingPublisher.Message> messages = recording.messages();
        System.out.printf(Locale.ROOT, "%,d reads in %,d messages%n", recording.reads(), messages.size());

        EmbeddedPostgres embedded = null;
        Vertx vertx = Vertx.vertx();
        TagTrailService service = null;
        try {
            String url = dbUrl;
            if (url == null) {
                embedded = EmbeddedPostgres.startTemporary();
                url = embedded.jdbcUrl();
            }
            DbConfig db = new DbConfig(url, null, null);
            Schema.migrate(db);
            try (Connection c = db.connect()) {
                MemberCardStore.upsert(c, simulator.memberCards());
            }
            Map<String, String> flags = new LinkedHashMap<>();
            flags.put("db.url", url);
            flags.put("endpoint.port", "0");
            flags.put("http.port", "-1");
            flags.put("intake.durable", "false");
            flags.put("event-time.max-future-skew", "36500d");
            TagTrailConfig cfg = TagTrailConfig.from(Settings.layered(TagTrailConfig.defaults(), Map.of(),
                    System.getenv(), flags), true);
            service = TagTrailService.start(vertx, cfg, Map.of(layout.storeId(), layout));

            Histogram latency = new Histogram(3_600_000_000_000L, 3);
            long[] acked = new long[1];
            MqttReadPublisher publisher = MqttReadPublisher.connect(vertx,
                    new MqttUrl("127.0.0.1", service.endpointPort(), false), "tagtrail-bench", null, null,
                    maxInflight);
            publisher.ackListener(tag -> {
                synchronized (latency) {
                    latency.recordValue(Math.max(0, System.nanoTime() - (Long) tag));
                    acked[0]++;
                }
            });
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpuStart = os.getProcessCpuTime();
            long maxHeap = 0;
            long start = System.nanoTime();
            long sentReads = 0;
            long lastReport = start;
            for (RecordingPublisher.Message m : messages) {
                long scheduled = rate > 0 ? start + (long) (sentReads * 1e9 / rate) : System.nanoTime();
                long wait = scheduled - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                publisher.publish(m.topic(), m.payload(), (Long) scheduled);
                sentReads += m.reads();
                long now = System.nanoTime();
                if (now - lastReport > 5_000_000_000L) {
                    lastReport = now;
                    maxHeap = Math.max(maxHeap, usedHeap());
                    System.out.printf(Locale.ROOT, "%,d reads sent, %.0f reads/s%n", sentReads,
                            sentReads / ((now - start) / 1e9));
                }
            }
            publisher.flush();
            long end = System.nanoTime();
            maxHeap = Math.max(maxHeap, usedHeap());
            double cpuCores = (os.getProcessCpuTime() - cpuStart) / (double) (end - start);
            publisher.close();
            service.stopIntake();
            long writeStart = System.nanoTime();
            service.finish(Duration.ofMinutes(10));
            double writeSeconds = (System.nanoTime() - writeStart) / 1e9;

            double seconds = (end - start) / 1e9;
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("reads", recording.reads());
            r.put("messages", messages.size());
            r.put("target_reads_per_s", rate);
            r.put("reads_per_s", Math.round(recording.reads() / seconds));
            r.put("seconds", Math.round(seconds * 100) / 100.0);
            r.put("latency_measured_messages", acked[0]);
            Map<String, Object> ms = new LinkedHashMap<>();
            for (double q : new double[]{50, 90, 99, 99.9}) {
                ms.put("p" + (q == Math.rint(q) ? Integer.toString((int) q) : Double.toString(q)),
                        latency.getValueAtPercentile(q) / 1e6);
            }
            ms.put("max", latency.getMaxValue() / 1e6);
            r.put("latency_ms", ms);
            r.put("cpu_cores_used", Math.round(cpuCores * 100) / 100.0);
            r.put("max_heap_used_mb", maxHeap / (1024 * 1024));
            r.put("zone_visits_written", service.writer().visitsWritten());
            r.put("trips_written", service.writer().tripsWritten());
            r.put("final_write_seconds", Math.round(writeSeconds * 100) / 100.0);
            System.out.printf(Locale.ROOT, "%n%,d reads in %.1f s: %,.0f reads/s (target %s); latency from scheduled"
                            + " send to acknowledgement: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms"
                            + "%nCPU %.2f cores, heap max %d MB; %,d visits and %,d trips written%n",
                    recording.reads(), seconds, recording.reads() / seconds, rate > 0 ? rate + " reads/s" : "max",
                    ms.get("p50"), ms.get("p90"), ms.get("p99"), ms.get("p99.9"), ms.get("max"), cpuCores,
                    maxHeap / (1024 * 1024), service.writer().visitsWritten(), service.writer().tripsWritten());
            if (json != null) {
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), r);
            }
            return 0;
        } finally {
            if (service != null) {
                service.close();
            }
            vertx.close().toCompletionStage().toCompletableFuture().get();
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
