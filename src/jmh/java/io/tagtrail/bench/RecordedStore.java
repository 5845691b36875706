package io.tagtrail.bench;

import io.tagtrail.ingest.TopicScheme;
import io.tagtrail.layout.LayoutLoader;
import io.tagtrail.layout.StoreLayout;
import io.tagtrail.sim.ImpinjPayloadEncoder;
import io.tagtrail.sim.RecordingPublisher;
import io.tagtrail.sim.Scenario;
import io.tagtrail.sim.ScenarioFile;
import io.tagtrail.sim.Simulator;

import java.time.Duration;
import java.time.Instant;

/** A simulated store run recorded in memory once per benchmark fork: the input of the core benchmarks. */
final class RecordedStore {
    static final StoreLayout LAYOUT = LayoutLoader.loadResource("simulator/layouts/sample-store.json");

    private RecordedStore() {
    }

    static Recording record(Duration duration, double shoppersPerHour) {
        Scenario scenario = ScenarioFile.defaults().scenario()
                .withRun(Instant.parse("2026-11-21T10:00:00Z"), duration, 42).withShoppersPerHour(shoppersPerHour);
        Simulator sim = new Simulator(LAYOUT, scenario, new TopicScheme(TopicScheme.DEFAULT_TEMPLATE),
                new ImpinjPayloadEncoder());
        RecordingPublisher recording = new RecordingPublisher();
        try {
            sim.run(recording, Double.POSITIVE_INFINITY, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return new Recording(sim, recording);
    }

    record Recording(Simulator simulator, RecordingPublisher messages) {
    }
}
