package io.tagtrail.sim;

import java.util.ArrayList;
import java.util.List;

/** Keeps every message in memory, in publishing order: for tests and benchmarks. */
public final class RecordingPublisher implements ReadPublisher {
    /** One published message. */
    public record Message(String topic, byte[] payload, int reads, long eventMillis) {
    }

    private final List<Message> messages = new ArrayList<>();
    private long reads;

    @Override
    public void publish(String topic, byte[] payload, int reads, long eventMillis) {
        messages.add(new Message(topic, payload, reads, eventMillis));
        this.reads += reads;
    }

    @Override
    public void flush() {
    }

    public List<Message> messages() {
        return messages;
    }

    public long reads() {
        return reads;
    }
}
