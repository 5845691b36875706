package io.tagtrail.decode;

import io.tagtrail.model.RejectReason;

/**
 * The framing the JSON reader formats share: a payload is one object, a JSON array of objects, or objects one
 * after another (JSON Lines, or concatenated without a separator). Each object is handed to a parser callback;
 * anything else is a counted rejection. A payload that stops being well-formed JSON is rejected once, as
 * malformed, from where it breaks; what came before stands. The scanner bounds nesting, string and number sizes,
 * so hostile payloads stay cheap.
 */
final class JsonPayloads {
    static final int ABSENT = 0;
    static final int VALID = 1;
    static final int INVALID = 2;
    static final long ABSENT_LONG = Long.MIN_VALUE;
    static final long INVALID_LONG = Long.MIN_VALUE + 1;

    /**
     * Parses one object; the scanner stands on its START_OBJECT and must be left on its END_OBJECT, or on ERROR
     * (then nothing of that object may have been emitted).
     */
    interface ObjectParser {
        void parse(JsonScanner s, TagReadDecoder.Sink sink);
    }

    private JsonPayloads() {
    }

    static void forEachObject(JsonScanner s, byte[] payload, int offset, int length, TagReadDecoder.Sink sink,
                              ObjectParser each) {
        if (offset < 0 || length < 0 || offset > payload.length - length) {
            sink.onReject(RejectReason.MALFORMED_JSON, "slice outside the payload");
            return;
        }
        try {
            s.reset(payload, offset, length);
            int t = s.next();
            if (t == JsonScanner.END) {
                sink.onReject(RejectReason.MALFORMED_JSON, "empty payload");
                return;
            }
            while (t != JsonScanner.END) {
                if (t == JsonScanner.START_ARRAY) {
                    while ((t = s.next()) == JsonScanner.START_OBJECT) {
                        each.parse(s, sink);
                    }
                    if (t != JsonScanner.END_ARRAY) {
                        malformed(s, sink, "array element is not an object");
                        return;
                    }
                } else if (t == JsonScanner.START_OBJECT) {
                    each.parse(s, sink);
                    if (s.failed()) {
                        malformed(s, sink, null);
                        return;
                    }
                } else {
                    malformed(s, sink, "expected an object, found " + JsonScanner.describe(t));
                    return;
                }
                t = s.next();
            }
        } catch (RuntimeException e) {
            // not expected for any input; kept so that a decoder fault is a counted rejection, not a dead intake
            sink.onReject(RejectReason.MALFORMED_JSON, "decoder failure: " + e);
        }
    }

    /**
     * Whether an EPC in {@code state} ({@link #VALID}, {@link #INVALID} or {@link #ABSENT}) may be used; otherwise the
     * event is rejected as a bad EPC or a missing field, with the matching detail.
     */
    static boolean epcUsable(int state, TagReadDecoder.Sink sink, String badDetail, String missingDetail) {
        if (state == VALID) {
            return true;
        }
        boolean bad = state == INVALID;
        sink.onReject(bad ? RejectReason.BAD_EPC : RejectReason.MISSING_FIELD, bad ? badDetail : missingDetail);
        return false;
    }

    /**
     * Whether an antenna read as {@link #ABSENT_LONG}, {@link #INVALID_LONG} or a port may be used; otherwise the
     * event is rejected as a bad antenna or a missing field.
     */
    static boolean antennaUsable(long antenna, TagReadDecoder.Sink sink, String detail) {
        if (antenna != ABSENT_LONG && antenna != INVALID_LONG) {
            return true;
        }
        sink.onReject(antenna == INVALID_LONG ? RejectReason.BAD_ANTENNA : RejectReason.MISSING_FIELD, detail);
        return false;
    }

    private static void malformed(JsonScanner s, TagReadDecoder.Sink sink, String otherwise) {
        String error = s.error();
        sink.onReject(RejectReason.MALFORMED_JSON, error != null ? error : otherwise);
    }
}
