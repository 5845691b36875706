package io.tagtrail.sim;

/** Sends every message to two publishers in turn, for example a broker and a record file. */
public final class TeePublisher implements ReadPublisher {
    private final ReadPublisher first;
    private final ReadPublisher second;

    public TeePublisher(ReadPublisher first, ReadPublisher second) {
        if (first == null || second == null) {
            throw new IllegalArgumentException("both publishers are required");
        }
        this.first = first;
        this.second = second;
    }

    @Override
    public void publish(String topic, byte[] payload, int reads, long eventMillis) throws InterruptedException {
        first.publish(topic, payload, reads, eventMillis);
        second.publish(topic, payload, reads, eventMillis);
    }

    @Override
    public void flush() throws InterruptedException {
        first.flush();
        second.flush();
    }

    @Override
    public long failed() {
        return first.failed() + second.failed();
    }
}
