package io.tagtrail.decode;

import io.tagtrail.model.RejectReason;
import io.tagtrail.model.TagRead;

import java.util.ArrayList;
import java.util.List;

/** Collects what a decoder emits. */
public final class CapturingDecoderSink implements TagReadDecoder.Sink {
    public final List<TagRead> reads = new ArrayList<>();
    public final List<String> readerNames = new ArrayList<>();
    public final List<RejectReason> rejects = new ArrayList<>();

    @Override
    public void onRead(TagRead read, String readerName) {
        reads.add(read);
        readerNames.add(readerName);
    }

    @Override
    public void onReject(RejectReason reason, String detail) {
        rejects.add(reason);
    }

    public static CapturingDecoderSink decode(TagReadDecoder decoder, byte[] payload) {
        CapturingDecoderSink sink = new CapturingDecoderSink();
        decoder.decode(payload, 0, payload.length, sink);
        return sink;
    }
}
