package io.tagtrail.ingest;

import io.tagtrail.decode.TagReadDecoder;
import io.tagtrail.model.RejectReason;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The part of the intake that needs nothing of the store pipelines: splits a message's topic into store and reader,
 * checks the payload's size and decodes it into a {@link DecodedMessage}. One per thread (a connection's, or the
 * owner's own), since the decoders learn each reader stream's layout; get one from {@link ReadIntake#newDecoder()}.
 */
public final class MessageDecoder {
    /** More distinct topics than this and the route cache starts over (a bound against hostile topic names). */
    private static final int MAX_ROUTES = 4096;

    private final TopicScheme topics;
    private final Function<byte[], TagReadDecoder> decoders;
    private final int maxPayloadBytes;
    private final LongSupplier nanoClock;
    private final boolean hashPayloads;
    /** Store and reader of each topic seen, so that a message's topic is split only once. */
    private final Map<String, String[]> routes = new HashMap<>();
    /** Entries of the last message, to size the next one's arrays. */
    private int lastSize = 16;

    /** @param hashPayloads whether each message's payload is hashed, for the intake to recognise it again */
    MessageDecoder(TopicScheme topics, Function<byte[], TagReadDecoder> decoders, int maxPayloadBytes,
                   LongSupplier nanoClock, boolean hashPayloads) {
        this.hashPayloads = hashPayloads;
        this.topics = topics;
        this.decoders = decoders;
        this.maxPayloadBytes = maxPayloadBytes;
        this.nanoClock = nanoClock;
    }

    /** The store a topic names, or null when the topic does not follow the convention. */
    public String storeOf(String topic) {
        String[] parts = route(topic);
        return parts == null ? null : parts[0];
    }

    /** Decodes a message into a new {@link DecodedMessage}, for another thread to take. */
    public DecodedMessage decode(String topic, byte[] payload, long wallMillis) {
        return decode(topic, payload, wallMillis, new DecodedMessage(lastSize));
    }

    /** A message turned away as a whole, before decoding (for example a topic its sender may not publish to). */
    public DecodedMessage refuse(String topic, byte[] payload, long wallMillis, RejectReason reason) {
        DecodedMessage m = new DecodedMessage(0);
        m.reset(topic, payload, wallMillis);
        m.rejected = reason;
        return m;
    }

    /** Decodes a message into {@code into}, which starts over. */
    DecodedMessage decode(String topic, byte[] payload, long wallMillis, DecodedMessage into) {
        long started = nanoClock.getAsLong();
        into.reset(topic, payload, wallMillis);
        if (payload.length > maxPayloadBytes) {
            into.rejected = RejectReason.PAYLOAD_TOO_LARGE;
        } else {
            String[] storeAndReader = route(topic);
            if (storeAndReader == null) {
                into.rejected = RejectReason.BAD_TOPIC;
            } else {
                into.store = storeAndReader[0];
                into.reader = storeAndReader[1];
                TagReadDecoder decoder = decoders.apply(payload);
                if (decoder == null) {
                    into.rejected = RejectReason.MALFORMED_JSON;
                } else {
                    decoder.decode(payload, 0, payload.length, into);
                    lastSize = into.size();
                    if (hashPayloads) {
                        into.payloadHash = RecentMessages.payloadHash(payload);
                        into.payloadHashed = true;
                    }
                }
            }
        }
        into.decodeNanos = nanoClock.getAsLong() - started;
        return into;
    }

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
}
