package io.tagtrail.ingest;

import io.tagtrail.decode.TagReadDecoder;
import io.tagtrail.model.RejectReason;
import io.tagtrail.model.TagRead;

import java.util.Arrays;

/**
 * One MQTT message as its connection's thread decoded it: the store and reader its topic names, and its reads and
 * rejections in payload order, or the reason the whole message is turned away. The thread that owns the store
 * pipelines takes it from there ({@link ReadIntake#take}); nothing in here touches a pipeline.
 */
public final class DecodedMessage implements TagReadDecoder.Sink {
    private String topic;
    private byte[] payload;
    private long wallMillis;
    String store;
    String reader;
    /** Why the whole message is turned away, or null. */
    RejectReason rejected;
    long decodeNanos;
    /** {@link RecentMessages#payloadHash} of the payload, when {@link #payloadHashed}. */
    long payloadHash;
    boolean payloadHashed;

    // entry i is reads[i] with the reader name its payload gives, or (reads[i] == null) a rejection
    private TagRead[] reads;
    private String[] names;
    private RejectReason[] reasons;
    private String[] details;
    private int size;

    DecodedMessage(int expectedEntries) {
        int n = Math.max(4, expectedEntries);
        reads = new TagRead[n];
        names = new String[n];
    }

    /** Starts over for another message (the entries of the last one are dropped). */
    void reset(String topic, byte[] payload, long wallMillis) {
        this.topic = topic;
        this.payload = payload;
        this.wallMillis = wallMillis;
        store = null;
        reader = null;
        rejected = null;
        decodeNanos = 0;
        payloadHash = 0;
        payloadHashed = false;
        Arrays.fill(reads, 0, size, null);
        Arrays.fill(names, 0, size, null);
        size = 0;
    }

    public String topic() {
        return topic;
    }

    public byte[] payload() {
        return payload;
    }

    public long wallMillis() {
        return wallMillis;
    }

    /** About how much heap the message holds while it waits for the owner: its payload and its decoded reads. */
    long heldBytes() {
        return (payload == null ? 0 : payload.length) + 96L * size;
    }

    /** Reads and rejections decoded. */
    public int size() {
        return size;
    }

    @Override
    public void onRead(TagRead read, String readerName) {
        int i = slot();
        reads[i] = read;
        names[i] = readerName;
    }

    @Override
    public void onReject(RejectReason reason, String detail) {
        int i = slot();
        if (reasons == null) {
            reasons = new RejectReason[reads.length];
            details = new String[reads.length];
        }
        reasons[i] = reason;
        details[i] = detail;
    }

    /** Hands every read and rejection, in payload order, to {@code sink}. */
    void replay(TagReadDecoder.Sink sink) {
        for (int i = 0; i < size; i++) {
            TagRead read = reads[i];
            if (read != null) {
                sink.onRead(read, names[i]);
            } else {
                sink.onReject(reasons[i], details[i]);
            }
        }
    }

    private int slot() {
        if (size == reads.length) {
            int n = size * 2;
            reads = Arrays.copyOf(reads, n);
            names = Arrays.copyOf(names, n);
            if (reasons != null) {
                reasons = Arrays.copyOf(reasons, n);
                details = Arrays.copyOf(details, n);
            }
        }
        return size++;
    }
}
