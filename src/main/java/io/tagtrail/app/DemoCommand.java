package io.tagtrail.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tagtrail.config.Settings;
import io.tagtrail.config.TagTrailConfig;
import io.tagtrail.db.DbConfig;
import io.tagtrail.db.EmbeddedPostgres;
import io.tagtrail.db.MemberCardStore;
import io.tagtrail.db.Schema;
import io.tagtrail.fidelity.Fidelity;
import io.tagtrail.fidelity.FidelityReport;
import io.tagtrail.fidelity.GroundTruth;
import io.tagtrail.ingest.MqttUrl;
import io.tagtrail.layout.StoreLayout;
import io.tagtrail.sim.PayloadFormats;
import io.tagtrail.sim.MqttReadPublisher;
import io.tagtrail.sim.Scenario;
import io.tagtrail.sim.Simulator;
import io.vertx.core.Vertx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The main job on the embedded default: a real PostgreSQL, TagTrail's own MQTT endpoint, the service and the
 * simulator on a sample store, with live progress and a closing summary scored against ground truth.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run TagTrail end to end on a simulated store and print a summary with fidelity figures.")
final class DemoCommand implements Callable<Integer> {
    @Mixin
    RunOptions run = new RunOptions();

    @Option(names = "--db-url", description = "Use this PostgreSQL/TimescaleDB (JDBC URL) instead of an embedded one.")
    String dbUrl;

    @Option(names = "--truth", description = "Keep the ground truth in this file (JSON Lines).")
    Path truthFile;

    @Option(names = "--summary-json", description = "Write the summary as JSON to this file.")
    Path summaryJson;

    private final PrintStream out = System.out;
    private double publishSeconds;

    @Override
    public Integer call() throws Exception {
        Scenario scenario = run.scenario();
        double speed = run.speed();
        StoreLayout layout = run.layout();
        out.printf(Locale.ROOT, "TagTrail demo: store %s (%d zones, %d readers), scenario %s, %s simulated from %s "
                        + "at %s, %.0f shoppers/h, seed %d%n", layout.storeId(), layout.zoneCount(),
                layout.readers().size(), scenario.name(), human(scenario.duration()), scenario.start(),
                Double.isInfinite(speed) ? "max speed" : speed + "x", scenario.shoppersPerHour(), scenario.seed());

        EmbeddedPostgres embedded = null;
        Vertx vertx = null;
        TagTrailService service = null;
        try {
            String url = dbUrl;
            if (url == null) {
                out.println("starting embedded PostgreSQL ...");
                embedded = EmbeddedPostgres.startTemporary();
                url = embedded.jdbcUrl();
            }
            DbConfig db = new DbConfig(url, null, null);
            Schema.migrate(db);
            Simulator simulator = new Simulator(layout, scenario,
                    new io.tagtrail.ingest.TopicScheme(io.tagtrail.ingest.TopicScheme.DEFAULT_TEMPLATE),
                    PayloadFormats.encoder(run.format));
            try (Connection c = db.connect()) {
                out.println("database " + DbConfig.redact(url) + (Schema.hasTimescale(c) ? " (TimescaleDB)" : "")
                        + "; " + simulator.memberCards().size() + " member cards loaded");
                MemberCardStore.upsert(c, simulator.memberCards());
            }
            Path truth = truthFile != null ? truthFile : Files.createTempFile("tagtrail-truth-", ".jsonl");
            simulator.writeTruth(truth);

            Map<String, String> flags = new LinkedHashMap<>();
            flags.put("db.url", url);
            flags.put("endpoint.port", "0");
            flags.put("http.port", "0");
            // simulated reader clocks need not be near the wall clock
            flags.put("event-time.max-future-skew", "36500d");
            // the run is replayed from the simulator, not recovered: results need not wait for the intake log
            flags.put("intake.durable", "false");
            TagTrailConfig cfg = TagTrailConfig.from(
                    Settings.layered(TagTrailConfig.defaults(), Map.of(), Map.of(), flags), true);
            vertx = Vertx.vertx();
            service = TagTrailService.start(vertx, cfg, Map.of(layout.storeId(), layout));
            out.println("MQTT endpoint on 127.0.0.1:" + service.endpointPort() + "; live occupancy at http://127.0.0.1:"
                    + service.httpPort() + "/api/stores/" + layout.storeId() + "/occupancy; simulator publishing ...");

            long wallStart = System.nanoTime();
            try (MqttReadPublisher publisher = MqttReadPublisher.connect(vertx,
                    new MqttUrl("127.0.0.1", service.endpointPort(), false), "tagtrail-simulator", null, null, 256)) {
                Progress progress = new Progress(out, service, scenario);
                long publishStart = System.nanoTime();
                simulator.run(publisher, speed, progress::update);
                publishSeconds = (System.nanoTime() - publishStart) / 1e9;
                progress.done();
                out.printf(Locale.ROOT, "simulator: %,d reads published to the endpoint and acknowledged in %.1f s "
                        + "(%,.0f reads/s)%n", simulator.readsPublished(), publishSeconds,
                        simulator.readsPublished() / publishSeconds);
                if (publisher.failed() > 0) {
                    out.println("warning: " + publisher.failed() + " messages were not acknowledged");
                }
            }
            out.println("closing open visits and trips, writing results ...");
            service.finish(Duration.ofMinutes(5));
            double wallSeconds = (System.nanoTime() - wallStart) / 1e9;

            GroundTruth gt = GroundTruth.load(truth);
            FidelityReport fidelity = Fidelity.score(db, gt);
            Map<String, Object> summary = summary(db, layout, scenario, simulator, service, fidelity, wallSeconds);
            print(summary, fidelity);
            if (summaryJson != null) {
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(summaryJson.toFile(), summary);
                out.println("summary written to " + summaryJson);
            }
            if (truthFile != null) {
                out.println("ground truth kept in " + truthFile);
            } else {
                Files.deleteIfExists(truth);
            }
            return 0;
        } finally {
            if (service != null) {
                service.close();
            }
            if (vertx != null) {
                vertx.close().toCompletionStage().toCompletableFuture().get();
            }
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    private Map<String, Object> summary(DbConfig db, StoreLayout layout, Scenario scenario, Simulator simulator,
                                        TagTrailService service, FidelityReport fidelity, double wallSeconds)
            throws Exception {
        var counters = service.counters();
        var pipeline = service.pipelines().get(layout.storeId());
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("store_id", layout.storeId());
        s.put("start", scenario.start().toString());
        s.put("end", scenario.end().toString());
        s.put("seed", scenario.seed());
        s.put("scenario", scenario.name());
        s.put("wall_seconds", Math.round(wallSeconds * 10) / 10.0);
        s.put("publish_wall_seconds", Math.round(publishSeconds * 10) / 10.0);
        s.put("shoppers_simulated", simulator.plans().stream().filter(p -> !p.isStaff()).count());
        s.put("reads_published", simulator.readsPublished());
        s.put("reads_ingested", counters.readsAccepted());
        s.put("reads_rejected", counters.rejectedTotal());
        s.put("reads_late", pipeline.counters().late());
        s.put("reads_merchandise", pipeline.counters().merchandise());
        s.put("zone_visits", pipeline.counters().visits());
        s.put("trips", pipeline.counters().trips());
        Timestamp from = Timestamp.from(scenario.start().minus(Duration.ofHours(1)));
        Timestamp to = Timestamp.from(scenario.end().plus(Duration.ofHours(1)));
        try (Connection c = db.connect()) {
            s.put("zone_visits_in_db", Reports.count(c, "zone_visits", "enter_time", layout.storeId(), from, to));
            s.put("trips_in_db", Reports.count(c, "trips", "start_time", layout.storeId(), from, to));
            s.put("floor_traffic", Reports.floorTraffic(c, layout.storeId(), from, to));
            s.put("top_zones", Reports.topZones(c, layout.storeId(), from, to));
            s.put("top_paths", Reports.topPaths(c, layout.storeId(), from, to));
            s.put("counter_ranking", Reports.counterRanking(c, layout.storeId(), from, to));
        }
        s.put("fidelity", fidelity.toMap());
        return s;
    }

    @SuppressWarnings("unchecked")
    private void print(Map<String, Object> s, FidelityReport fidelity) {
        out.println();
        out.println("=== TagTrail demo summary ===");
        out.printf(Locale.ROOT, "reads: %,d published, %,d ingested, %,d rejected, %,d late, %,d merchandise%n",
                s.get("reads_published"), s.get("reads_ingested"), s.get("reads_rejected"), s.get("reads_late"),
                s.get("reads_merchandise"));
        out.printf(Locale.ROOT, "results: %,d zone visits, %,d trips (%s s wall)%n", s.get("zone_visits"),
                s.get("trips"), s.get("wall_seconds"));
        out.println("\nfloor traffic:");
        for (Map<String, Object> r : (List<Map<String, Object>>) s.get("floor_traffic")) {
            out.printf(Locale.ROOT, "  floor %s: %s entries, peak %s shoppers, avg %s%n", r.get("floor"),
                    r.get("entries"), r.get("peak_occupancy"), r.get("avg_occupancy"));
        }
        out.println("\nbusiest zones:");
        for (Map<String, Object> r : (List<Map<String, Object>>) s.get("top_zones")) {
            out.printf(Locale.ROOT, "  %-26s %5s entries, peak %s%n", r.get("name"), r.get("entries"),
                    r.get("peak_occupancy"));
        }
        out.println("\ntop paths:");
        for (Map<String, Object> r : (List<Map<String, Object>>) s.get("top_paths")) {
            out.printf(Locale.ROOT, "  %4s x  %s%n", r.get("trips"), r.get("path"));
        }
        out.println("\ncounter ranking (stops >= 30 s):");
        out.printf(Locale.ROOT, "  %-22s %6s %8s %9s %13s%n", "counter", "stops", "pass-bys", "stop rate",
                "median dwell");
        for (Map<String, Object> r : (List<Map<String, Object>>) s.get("counter_ranking")) {
            out.printf(Locale.ROOT, "  %-22s %6s %8s %9s %11s s%n", r.get("counter_name"), r.get("stops"),
                    r.get("pass_bys"), r.get("stop_rate"), r.get("median_stop_dwell_s"));
        }
        out.println("\nfidelity against ground truth:");
        for (String line : fidelity.describe().split("\n")) {
            out.println("  " + line);
        }
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        return s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
    }

    /** Prints progress: in place on a terminal, a line every few seconds otherwise. */
    static final class Progress {
        private final PrintStream out;
        private final TagTrailService service;
        private final Scenario scenario;
        private final boolean tty = System.console() != null;
        private long lastPrint;

        Progress(PrintStream out, TagTrailService service, Scenario scenario) {
            this.out = out;
            this.service = service;
            this.scenario = scenario;
        }

        void update(long simMillis, long readsPublished, long messages) {
            long now = System.nanoTime();
            if (now - lastPrint < (tty ? 250_000_000L : 5_000_000_000L)) {
                return;
            }
            lastPrint = now;
            double pct = 100.0 * (simMillis - scenario.start().toEpochMilli()) / scenario.duration().toMillis();
            var pipeline = service.pipelines().values().iterator().next();
            String line = String.format(Locale.ROOT, "%5.1f%%  sim %s  reads %,d published / %,d ingested  "
                            + "open visits %,d  visits %,d  trips %,d", pct,
                    Instant.ofEpochMilli(simMillis).toString().substring(11, 19), readsPublished,
                    service.counters().readsAccepted(), service.openVisits(), pipeline.counters().visits(),
                    pipeline.counters().trips());
            if (tty) {
                out.print("\r" + line + "   ");
            } else {
                out.println(line);
            }
        }

        void done() {
            if (tty) {
                out.println();
            }
        }
    }
}
