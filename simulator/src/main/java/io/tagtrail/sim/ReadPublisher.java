package io.tagtrail.sim;

/** Where the simulator's reader messages go: an MQTT broker or endpoint, a recording, a test's list. */
public interface ReadPublisher extends AutoCloseable {
    /** Sends one message; may wait while too many are unacknowledged. */
    void publish(String topic, byte[] payload, int reads) throws InterruptedException;

    /** Waits until every message sent so far is acknowledged. */
    void flush() throws InterruptedException;

    /** Messages that could not be delivered. */
    default long failed() {
        return 0;
    }

    @Override
    default void close() throws Exception {
    }
}
