package io.tagtrail.sim;

/** Where the simulator's reader messages go: an MQTT broker or endpoint, a recording, a test's list. */
public interface ReadPublisher extends AutoCloseable {
    /**
     * Sends one message; may wait while too many are unacknowledged.
     *
     * @param reads       how many reads the payload holds
     * @param eventMillis the simulated (true) time of the reader cycle the message reports
     */
    void publish(String topic, byte[] payload, int reads, long eventMillis) throws InterruptedException;

    /** Waits until every message sent so far is acknowledged (or written). */
    void flush() throws InterruptedException;

    /** Messages that could not be delivered. */
    default long failed() {
        return 0;
    }

    @Override
    default void close() throws Exception {
    }
}
