package io.tagtrail.sim;

import java.io.IOException;
import java.util.concurrent.locks.LockSupport;

/**
 * Publishes a recorded read stream again, paced by the recorded event times: {@code speed} simulated seconds per
 * wall second, or as fast as the publisher takes messages.
 */
public final class Replayer {
    /** What a replay published. */
    public record Totals(long messages, long reads, long firstEventMillis, long lastEventMillis) {
    }

    private final RecordFileReader source;
    private final ReadPublisher publisher;

    public Replayer(RecordFileReader source, ReadPublisher publisher) {
        this.source = source;
        this.publisher = publisher;
    }

    /** Publishes every message of the record; {@code progress} may be null. */
    public Totals replay(double speed, Simulator.Progress progress) throws IOException, InterruptedException {
        long messages = 0;
        long reads = 0;
        long first = Long.MIN_VALUE;
        long last = Long.MIN_VALUE;
        long lastProgress = Long.MIN_VALUE;
        long wallStart = System.nanoTime();
        for (RecordFileReader.Frame f = source.next(); f != null; f = source.next()) {
            if (first == Long.MIN_VALUE) {
                first = f.eventMillis();
                lastProgress = first;
            }
            if (Double.isFinite(speed)) {
                long due = wallStart + (long) ((f.eventMillis() - first) * 1_000_000.0 / speed);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
            publisher.publish(f.topic(), f.payload(), f.reads(), f.eventMillis());
            messages++;
            reads += f.reads();
            last = f.eventMillis();
            if (progress != null && last - lastProgress >= 1_000) {
                lastProgress = last;
                progress.update(last, reads, messages);
            }
        }
        publisher.flush();
        if (progress != null && messages > 0) {
            progress.update(last, reads, messages);
        }
        return new Totals(messages, reads, first, last);
    }
}
