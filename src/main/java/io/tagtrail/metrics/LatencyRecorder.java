package io.tagtrail.metrics;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latency of one stage in nanoseconds: wait-free recording from the hot path (HdrHistogram's {@link Recorder}),
 * and a cumulative histogram that the metrics endpoint folds each interval into before reading percentiles.
 */
public final class LatencyRecorder {
    private static final long MAX_NANOS = 3_600_000_000_000L;

    private final String name;
    private final String help;
    private final Recorder recorder = new Recorder(MAX_NANOS, 3);
    private final Histogram total = new Histogram(MAX_NANOS, 3);
    private Histogram interval;

    public LatencyRecorder(String name, String help) {
        this.name = name;
        this.help = help;
    }

    public String name() {
        return name;
    }

    public String help() {
        return help;
    }

    public void recordNanos(long nanos) {
        recorder.recordValue(Math.max(0, Math.min(nanos, MAX_NANOS)));
    }

    /** Folds what was recorded since the last call into the cumulative histogram and returns a copy of it. */
    public synchronized Histogram snapshot() {
        interval = recorder.getIntervalHistogram(interval);
        total.add(interval);
        return total.copy();
    }
}
