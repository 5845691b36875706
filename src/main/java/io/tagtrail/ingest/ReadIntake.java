package io.tagtrail.ingest;

import io.tagtrail.core.StorePipeline;
import io.tagtrail.decode.TagReadDecoder;
import io.tagtrail.layout.StoreLayout;
import io.tagtrail.model.RejectReason;
import io.tagtrail.model.TagRead;

import io.tagtrail.metrics.LatencyRecorder;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * From an MQTT message to reads in store pipelines: the topic names the store and the reader, the payload is
 * decoded, the reader's identity is checked against the store's layout, and each read goes to its store's
 * pipeline. Every rejection is counted with its reason. Plain and synchronous; the caller drives it from the
 * thread that owns the stores' pipelines.
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

    /** More distinct topics than this and the route cache starts over (a bound against hostile topic names). */
    private static final int MAX_ROUTES = 4096;

    private final TopicScheme topics;
    private final Function<String, StorePipeline> pipelines;
    private final Function<byte[], TagReadDecoder> decoders;
    private final int maxPayloadBytes;
    private final IntakeCounters counters;
    private final LatencyRecorder latency = new LatencyRecorder("tagtrail_intake_message_seconds",
            "Time to decode one MQTT message and run its reads through their store pipeline");
    private final LongSupplier nanoClock;
    /** Store and reader of each topic seen, so that a message's topic is split only once. */
    private final Map<String, String[]> routes = new HashMap<>();
    private MessageListener listener;

    // per-message state of the sink callbacks
    private StorePipeline pipeline;
    private int readerIndex;
    private String readerName;
    private StoreLayout messageLayout;
    private long wallMillis;
    private int accepted;
    private int rejected;
    private String lastReaderName;
    private int lastNamedIndex;

    /**
     * @param decoders chooses the decoder for a payload (by configuration or by sniffing the payload)
     */
    public ReadIntake(TopicScheme topics, Map<String, StorePipeline> pipelines,
                      Function<byte[], TagReadDecoder> decoders, int maxPayloadBytes, IntakeCounters counters) {
        this(topics, pipelines::get, decoders, maxPayloadBytes, counters);
    }

    public ReadIntake(TopicScheme topics, Function<String, StorePipeline> pipelines,
                      Function<byte[], TagReadDecoder> decoders, int maxPayloadBytes, IntakeCounters counters) {
        this(topics, pipelines, decoders, maxPayloadBytes, counters, System::nanoTime);
    }

    /** @param nanoClock measures how long each message takes (latency metrics only; results never depend on it) */
    public ReadIntake(TopicScheme topics, Function<String, StorePipeline> pipelines,
                      Function<byte[], TagReadDecoder> decoders, int maxPayloadBytes, IntakeCounters counters,
                      LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.topics = topics;
        this.pipelines = pipelines;
        this.decoders = decoders;
        this.maxPayloadBytes = maxPayloadBytes;
        this.counters = counters;
    }

    public IntakeCounters counters() {
        return counters;
    }

    /** Counts a message turned away before decoding (for example a topic its sender may not publish to). */
    public void reject(RejectReason reason) {
        counters.countMessage();
        counters.countRejected(reason);
    }

    /** The store a topic names, or null when the topic does not follow the convention. */
    public String storeOf(String topic) {
        String[] parts = route(topic);
        return parts == null ? null : parts[0];
    }

    /** {@link TopicScheme#parse}, remembered per topic (the caller's thread only, as everything here). */
    private String[] route(String topic) {
        String[] parts = routes.get(topic);
        if (parts == null) {
            parts = topics.parse(topic);
            if (parts != null) {
                if (routes.size() >= MAX_ROUTES) {
                    routes.clear();
                }
                routes.put(topic, parts);
            }
        }
        return parts;
    }

    public LatencyRecorder latency() {
        return latency;
    }

    /** Who hears of each message taken (null: nobody); set on the intake's thread. */
    public void listener(MessageListener listener) {
        this.listener = listener;
    }

    public Outcome onMessage(String topic, byte[] payload, long wallMillis) {
        long started = nanoClock.getAsLong();
        Outcome outcome = handle(topic, payload, wallMillis);
        latency.recordNanos(nanoClock.getAsLong() - started);
        if (listener != null) {
            listener.taken(topic, payload, outcome);
        }
        return outcome;
    }

    private Outcome handle(String topic, byte[] payload, long wallMillis) {
        counters.countMessage();
        if (payload.length > maxPayloadBytes) {
            return rejectMessage(RejectReason.PAYLOAD_TOO_LARGE);
        }
        String[] storeAndReader = route(topic);
        if (storeAndReader == null) {
            return rejectMessage(RejectReason.BAD_TOPIC);
        }
        StorePipeline p = pipelines.apply(storeAndReader[0]);
        if (p == null) {
            return rejectMessage(RejectReason.UNKNOWN_STORE);
        }
        int reader = p.layout().readerIndex(storeAndReader[1]);
        if (reader < 0 && p.newestLayout().readerIndex(storeAndReader[1]) < 0) {
            p.unknownReader(storeAndReader[1], wallMillis);
            return rejectMessage(RejectReason.UNKNOWN_READER);
        }
        TagReadDecoder decoder = decoders.apply(payload);
        if (decoder == null) {
            return rejectMessage(RejectReason.MALFORMED_JSON);
        }
        this.pipeline = p;
        this.readerName = storeAndReader[1];
        this.messageLayout = p.layout();
        this.readerIndex = reader;
        this.wallMillis = wallMillis;
        this.accepted = 0;
        this.rejected = 0;
        this.lastReaderName = null;
        decoder.decode(payload, 0, payload.length, this);
        this.pipeline = null;
        counters.countAccepted(accepted);
        return Outcome.of(accepted, rejected);
    }

    @Override
    public void onRead(TagRead read, String payloadReaderName) {
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
                return;
            }
        }
        read.readerIndex = index;
        RejectReason reason = pipeline.onRead(read, wallMillis);
        if (reason == null) {
            accepted++;
        } else {
            counters.countRejected(reason);
            rejected++;
        }
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
