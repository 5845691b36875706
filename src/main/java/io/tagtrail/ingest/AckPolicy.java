package io.tagtrail.ingest;

/**
 * When an MQTT message is acknowledged once the intake has taken it: at once, or only after its reads are durable
 * (committed to the intake log), so that a crash between the two makes the broker or reader send it again.
 * Acknowledgements keep the order of the messages, as MQTT requires.
 */
@FunctionalInterface
public interface AckPolicy {
    AckPolicy IMMEDIATE = Runnable::run;

    /**
     * Arranges for {@code ack} to run when the message may be acknowledged; called on the thread that owns the
     * pipelines, in message order. {@code ack} may run on any thread: it moves to its connection's thread itself.
     */
    void afterIntake(Runnable ack);
}
