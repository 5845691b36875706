package io.tagtrail.decode;

import io.tagtrail.model.RejectReason;
import io.tagtrail.model.TagRead;

/**
 * Turns one MQTT payload from a reader into tag reads. A payload may carry several reads; each is either emitted
 * or rejected with a reason. Decoders never throw for bad input.
 */
public interface TagReadDecoder {
    /** Receives the outcome of decoding, read by read. */
    interface Sink {
        /**
         * A decoded read; reader index and zone are not resolved yet.
         *
         * @param readerName the reader's hostname or id as the payload names it, or null when it does not
         */
        void onRead(TagRead read, String readerName);

        void onReject(RejectReason reason, String detail);
    }

    /** The format's name as used in configuration: impinj, zebra, llrp. */
    String format();

    void decode(byte[] payload, int offset, int length, Sink sink);
}
