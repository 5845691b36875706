package io.tagtrail.sim;

import io.tagtrail.ingest.TopicScheme;
import io.tagtrail.layout.LayoutLoader;
import io.tagtrail.layout.StoreLayout;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/** Layouts, scenarios and runs shared by the simulator tests. */
final class SimFixtures {
    static final StoreLayout SAMPLE = layout("sample-store");
    static final StoreLayout DEPARTMENT_STORE = layout("department-store");
    static final StoreLayout SUPERMARKET = layout("supermarket");
    static final Instant SATURDAY_10_UTC = Instant.parse("2026-11-21T10:00:00Z");

    private SimFixtures() {
    }

    static StoreLayout layout(String name) {
        return LayoutLoader.load(Path.of("simulator/layouts/" + name + ".json"));
    }

    static ScenarioFile scenarioFile(String name) {
        return ScenarioFile.load(Path.of("simulator/scenarios/" + name + ".json"));
    }

    /** The default scenario with a JSON overlay, as a scenario file would state it. */
    static Scenario scenario(String overlayJson) {
        try {
            return ScenarioFile.parse(new ByteArrayInputStream(overlayJson.getBytes(StandardCharsets.UTF_8)), "test")
                    .scenario();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Scenario sampleDay(Duration duration, double shoppersPerHour, long seed) {
        return ScenarioFile.defaults().scenario().withRun(SATURDAY_10_UTC, duration, seed)
                .withShoppersPerHour(shoppersPerHour);
    }

    static Simulator simulator(StoreLayout layout, Scenario scenario, String format) {
        return new Simulator(layout, scenario, new TopicScheme(TopicScheme.DEFAULT_TEMPLATE),
                PayloadFormats.encoder(format));
    }

    static RecordingPublisher runInMemory(Simulator simulator) {
        RecordingPublisher messages = new RecordingPublisher();
        try {
            simulator.run(messages, Double.POSITIVE_INFINITY, null);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return messages;
    }
}
