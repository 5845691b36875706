package io.tagtrail.ingest;

import io.tagtrail.model.RejectReason;
import io.vertx.core.Context;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One connection's way into the intake: its messages are decoded on the connection's own thread and handed, in the
 * order they arrived, to the thread that owns the store pipelines. So decoding, the larger part of the work per read,
 * runs beside the pipelines instead of in front of them, on as many threads as there are connections' event loops.
 * Use from the connection's thread only.
 */
public final class IntakeLane {
    private static final Logger LOG = Logger.getLogger(IntakeLane.class.getName());
    private final Context owner;
    private final ReadIntake intake;
    private final MessageDecoder decoder;
    private final AtomicInteger waiting = new AtomicInteger();

    public IntakeLane(Context owner, ReadIntake intake) {
        this.owner = owner;
        this.intake = intake;
        this.decoder = intake.newDecoder();
    }

    /** The store a topic names, or null (for the connection's permission checks). */
    public String storeOf(String topic) {
        return decoder.storeOf(topic);
    }

    /**
     * Decodes a message here and hands it to the owner.
     *
     * @param taken runs on the owner's thread after the intake took the message, or failed to with a logged defect
     *              (null: nothing to do then)
     */
    public void submit(String topic, byte[] payload, long wallMillis, Runnable taken) {
        handOver(decoder.decode(topic, payload, wallMillis), taken);
    }

    /** Hands over a message turned away as a whole, so that it is counted, and acknowledged, in its turn. */
    public void refuse(String topic, byte[] payload, long wallMillis, RejectReason reason, Runnable taken) {
        handOver(decoder.refuse(topic, payload, wallMillis, reason), taken);
    }

    /** Messages handed over and not yet taken by the owner. */
    public int waiting() {
        return waiting.get();
    }

    private void handOver(DecodedMessage message, Runnable taken) {
        waiting.incrementAndGet();
        long bytes = message.heldBytes();
        intake.hold(bytes);
        owner.runOnContext(v -> {
            try {
                intake.take(message);
            } catch (RuntimeException e) {
                // a defect, not bad input: logged, and the message is still acknowledged, so that a message that
                // trips it is not sent again and again
                LOG.log(Level.SEVERE, "message on " + message.topic() + " failed in the pipeline", e);
            } finally {
                intake.release(bytes);
                waiting.decrementAndGet();
            }
            if (taken != null) {
                taken.run();
            }
        });
    }
}
