package io.tagtrail.ingest;

import io.tagtrail.core.StorePipeline;
import io.tagtrail.decode.TagReadDecoder;
import io.tagtrail.layout.StoreLayout;
import io.tagtrail.model.RejectReason;
import io.tagtrail.model.TagRead;

import io.tagtrail.metrics.LatencyRecorder;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * From an MQTT message to reads in store pipelines: the topic names the store and the reader, the payload is
 * decoded, the reader's identity is checked against the store's layout, and each read goes to its store's
 * pipeline. Every rejection is counted with its reason. Decoding needs nothing of the pipelines, so it may run on
 * the thread of the connection that received the message ({@link #newDecoder()}), and the thread that owns the
 * stores' pipelines {@link #take}s the decoded reads; or {@link #onMessage} does both on the owner's thread.
 */
public final class ReadIntake implements TagReadDecoder.Sink {
    /** What became of one message. */
    public record Outcome(int accepted, int rejected) {
        private static final int SHARED_ACCEPTED = 64;
        private static final int SHARED_REJECTED = 4;
        private static final Outcome[] SHARED = new Outcome[SHARED_ACCEPTED * SHARED_REJECTED];

        static {
            for (int a = 0; a < SHARED_ACCEPTED; a++) {
                for (int r = 0; r < SHARED_REJECTED; r++) {
                    SHARED[a * SHARED_REJECTED + r] = new Outcome(a, r);
                }
            }
        }

        /** The outcome, shared for the common small counts so that a message allocates none. */
        static Outcome of(int accepted, int rejected) {
            return accepted < SHARED_ACCEPTED && rejected < SHARED_REJECTED
                    ? SHARED[accepted * SHARED_REJECTED + rejected] : new Outcome(accepted, rejected);
        }
    }

    /** Hears of every message the intake is done with, for measurements that need to know when that happens. */
    @FunctionalInterface
    public interface MessageListener {
        /** Called after the message's reads are in their pipeline (or rejected), on the intake's thread. */
        void taken(String topic, byte[] payload, Outcome outcome);
    }

    private final TopicScheme topics;
    private final Function<String, StorePipeline> pipelines;
    private final Supplier<? extends Function<byte[], TagReadDecoder>> decoders;
    private final int maxPayloadBytes;
    private final IntakeCounters counters;
    private final LatencyRecorder latency = new LatencyRecorder("tagtrail_intake_message_seconds",
            "Time to decode one MQTT message and run its reads through their store pipeline");
    private final LongSupplier nanoClock;
    /** Decodes the messages handed in whole ({@link #onMessage}), on the owner's thread. */
    private MessageDecoder ownDecoder;
    /** The messages taken most recently, when a message delivered again is to be recognised; else null. */
    private RecentMessages recent;
    private final DecodedMessage ownMessage = new DecodedMessage(64);
    private MessageListener listener;

    // per-message state of the sink callbacks
    private StorePipeline pipeline;
    private int readerIndex;
    private String readerName;
    private StoreLayout messageLayout;
    private long wallMillis;
    private int accepted;
    private int rejected;
    private long firstMicros;
    private long lastMicros;
    /** The span of the message's late reads. */
    private long lateFirstMicros;
    private long lateLastMicros;
    /** Reads of the message so far, and the positions of those not taken (late or rejected). */
    private int readsSeen;
    private int[] skipped = new int[16];
    private int skippedCount;
    private String lastReaderName;
    private int lastNamedIndex;

    /**
     * @param decoders makes the decoder choice of one thread: each call gives a function that picks the decoder for
     *                 a payload (by configuration or by sniffing the payload), used by that thread only
     */
    public ReadIntake(TopicScheme topics, Map<String, StorePipeline> pipelines,
                      Supplier<? extends Function<byte[], TagReadDecoder>> decoders, int maxPayloadBytes,
                      IntakeCounters counters) {
        this(topics, pipelines::get, decoders, maxPayloadBytes, counters);
    }

    public ReadIntake(TopicScheme topics, Function<String, StorePipeline> pipelines,
                      Supplier<? extends Function<byte[], TagReadDecoder>> decoders, int maxPayloadBytes,
                      IntakeCounters counters) {
        this(topics, pipelines, decoders, maxPayloadBytes, counters, System::nanoTime);
    }

    /** @param nanoClock measures how long each message takes (latency metrics only; results never depend on it) */
    public ReadIntake(TopicScheme topics, Function<String, StorePipeline> pipelines,
                      Supplier<? extends Function<byte[], TagReadDecoder>> decoders, int maxPayloadBytes,
                      IntakeCounters counters, LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.topics = topics;
        this.pipelines = pipelines;
        this.decoders = decoders;
        this.maxPayloadBytes = maxPayloadBytes;
        this.counters = counters;
        this.ownDecoder = new MessageDecoder(topics, decoders.get(), maxPayloadBytes, nanoClock, false);
    }

    /** Heap held by messages decoded and not yet taken, on every connection's lane together. */
    private final AtomicLong heldBytes = new AtomicLong();

    /** Counts heap held by a message handed over to the owner; any thread. */
    void hold(long bytes) {
        heldBytes.addAndGet(bytes);
    }

    /** The message is taken: its heap is no longer held for it. */
    void release(long bytes) {
        heldBytes.addAndGet(-bytes);
    }

    /** Heap held by messages that connections decoded and the owner has not taken yet. */
    public long heldBytes() {
        return heldBytes.get();
    }

    /** A decoder for one connection's thread, whose messages this intake then {@link #take}s on the owner's. */
    public MessageDecoder newDecoder() {
        return new MessageDecoder(topics, decoders.get(), maxPayloadBytes, System::nanoTime, recent != null);
    }

    /**
     * From now on, a message with the same store, reader and payload as one of the last {@code capacity} taken is a
     * delivery of the same message again: it is counted ({@link IntakeCounters#redelivered()}) and acknowledged, not
     * taken. For a durable intake, where a message may be logged and then delivered again because its
     * acknowledgement never arrived. Before any message, on the owner's thread.
     */
    public void recogniseRedeliveries(int capacity) {
        recent = new RecentMessages(capacity);
        ownDecoder = new MessageDecoder(topics, decoders.get(), maxPayloadBytes, nanoClock, true);
    }

    /**
     * A message of {@code store} taken before this instance started (from the intake log, with the payload hash
     * logged with it), so that a delivery of it again is recognised; does nothing unless
     * {@link #recogniseRedeliveries} was called.
     */
    public void remember(String store, String reader, long payloadHash) {
        if (recent != null) {
            recent.add(RecentMessages.key(store, reader, payloadHash));
        }
    }

    public IntakeCounters counters() {
        return counters;
    }

    /** Counts a message turned away before it could be decoded or queued (for example when overloaded). */
    public void reject(RejectReason reason) {
        counters.countMessage();
        counters.countRejected(reason);
    }

    public LatencyRecorder latency() {
        return latency;
    }

    /** Who hears of each message taken (null: nobody); set on the intake's thread. */
    public void listener(MessageListener listener) {
        this.listener = listener;
    }

    /** Decodes a message and takes its reads, all on the calling thread (the owner's). */
    public Outcome onMessage(String topic, byte[] payload, long wallMillis) {
        return take(ownDecoder.decode(topic, payload, wallMillis, ownMessage));
    }

    /**
     * Takes a message some thread decoded: checks its store and reader against the layouts and runs its reads
     * through their store pipeline. On the owner's thread only.
     */
    public Outcome take(DecodedMessage message) {
        long started = nanoClock.getAsLong();
        Outcome outcome = handle(message);
        latency.recordNanos(message.decodeNanos + nanoClock.getAsLong() - started);
        if (listener != null) {
            listener.taken(message.topic(), message.payload(), outcome);
        }
        return outcome;
    }

    private Outcome handle(DecodedMessage m) {
        counters.countMessage();
        RejectReason early = m.rejected;
        if (early != null && early != RejectReason.MALFORMED_JSON) {
            return rejectMessage(early);
        }
        StorePipeline p = pipelines.apply(m.store);
        if (p == null) {
            return rejectMessage(RejectReason.UNKNOWN_STORE);
        }
        int reader = p.layout().readerIndex(m.reader);
        if (reader < 0 && p.newestLayout().readerIndex(m.reader) < 0) {
            p.unknownReader(m.reader, m.wallMillis());
            return rejectMessage(RejectReason.UNKNOWN_READER);
        }
        if (early != null) {
            return rejectMessage(early);
        }
        long key = 0;
        long payloadHash = 0;
        if (recent != null) {
            payloadHash = m.payloadHashed ? m.payloadHash : RecentMessages.payloadHash(m.payload());
            key = RecentMessages.key(m.store, m.reader, payloadHash);
            if (recent.contains(key)) {
                counters.countRedelivered();
                return Outcome.of(0, 0);
            }
        }
        this.pipeline = p;
        this.readerName = m.reader;
        this.messageLayout = p.layout();
        this.readerIndex = reader;
        this.wallMillis = m.wallMillis();
        this.accepted = 0;
        this.rejected = 0;
        this.firstMicros = Long.MAX_VALUE;
        this.lastMicros = Long.MIN_VALUE;
        this.lateFirstMicros = Long.MAX_VALUE;
        this.lateLastMicros = Long.MIN_VALUE;
        this.readsSeen = 0;
        this.skippedCount = 0;
        this.lastReaderName = null;
        m.replay(this);
        this.pipeline = null;
        if (firstMicros != Long.MAX_VALUE) {
            p.messageTaken(m.reader, firstMicros, lastMicros, m.wallMillis(), m.payload(), payloadHash,
                    skippedCount == 0 ? null : Arrays.copyOf(skipped, skippedCount));
        } else if (lateFirstMicros != Long.MAX_VALUE) {
            // none of its reads taken, some late: logged all the same, with the span of the late ones, so that a
            // restart keeps them and counts them again for reader health, and recognises the message when it comes
            // again
            p.messageTaken(m.reader, lateFirstMicros, lateLastMicros, m.wallMillis(), m.payload(), payloadHash,
                    Arrays.copyOf(skipped, skippedCount));
        }
        if (recent != null) {
            // also a message none of whose reads were taken: delivered again, its late reads would be logged twice
            recent.add(key);
        }
        counters.countAccepted(accepted);
        return Outcome.of(accepted, rejected);
    }

    @Override
    public void onRead(TagRead read, String payloadReaderName) {
        int position = readsSeen++;
        // while a new layout version is pending (or took over during this message), resolve by the read's time
        boolean byTime = pipeline.layoutPending() || pipeline.layout() != messageLayout;
        int index = byTime ? pipeline.readerIndexAt(readerName, read.timeMicros) : readerIndex;
        if (payloadReaderName != null && !payloadReaderName.isEmpty()) {
            int named;
            if (byTime) {
                named = pipeline.readerIndexAt(payloadReaderName, read.timeMicros);
            } else {
                // decoders hand on one String instance per reader name: look each up once per message
                if (payloadReaderName != lastReaderName) {
                    lastReaderName = payloadReaderName;
                    lastNamedIndex = pipeline.layout().readerIndex(payloadReaderName);
                }
                named = lastNamedIndex;
            }
            if (named != index) {
                onReject(RejectReason.UNKNOWN_READER, "payload names reader " + payloadReaderName);
                skipRejected(position);
                return;
            }
        }
        read.readerIndex = index;
        long time = read.timeMicros;
        RejectReason reason = pipeline.onRead(read, wallMillis);
        if (reason == null) {
            accepted++;
            if (pipeline.lastReadLate()) {
                skip(position);
                lateFirstMicros = Math.min(lateFirstMicros, time);
                lateLastMicros = Math.max(lateLastMicros, time);
            } else {
                firstMicros = Math.min(firstMicros, time);
                lastMicros = Math.max(lastMicros, time);
            }
        } else {
            counters.countRejected(reason);
            rejected++;
            skipRejected(position);
        }
    }

    /** The read at this position among the message's reads came late: listed in the log as its position. */
    private void skip(int position) {
        if (skippedCount == skipped.length) {
            skipped = Arrays.copyOf(skipped, skippedCount * 2);
        }
        skipped[skippedCount++] = position;
    }

    /** The read at this position was rejected: listed in the log as {@code -(position + 1)}. */
    private void skipRejected(int position) {
        skip(-position - 1);
    }

    @Override
    public void onReject(RejectReason reason, String detail) {
        counters.countRejected(reason);
        if (pipeline != null) {
            pipeline.readerRejected(readerIndex, reason, wallMillis);
        }
        rejected++;
    }

    private Outcome rejectMessage(RejectReason reason) {
        counters.countRejected(reason);
        return Outcome.of(0, 1);
    }
}
