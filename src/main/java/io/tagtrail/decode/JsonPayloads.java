package io.tagtrail.decode;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.tagtrail.model.RejectReason;

import java.io.IOException;

/**
 * The framing the JSON reader formats share: a payload is one object, a JSON array of objects, or objects one
 * after another (JSON Lines, or concatenated without a separator). Each object is handed to a parser callback;
 * anything else is a counted rejection. Nesting and string sizes are bounded so that hostile payloads stay cheap.
 */
final class JsonPayloads {
    static final int ABSENT = 0;
    static final int VALID = 1;
    static final int INVALID = 2;
    static final long ABSENT_LONG = Long.MIN_VALUE;
    static final long INVALID_LONG = Long.MIN_VALUE + 1;

    static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).maxStringLength(65_536)
                    .maxNumberLength(64).build())
            .build();

    /** Parses one object; the parser stands on its START_OBJECT and must be left on its END_OBJECT. */
    interface ObjectParser {
        void parse(JsonParser p, TagReadDecoder.Sink sink) throws IOException;
    }

    private JsonPayloads() {
    }

    static void forEachObject(byte[] payload, int offset, int length, TagReadDecoder.Sink sink, ObjectParser each) {
        try (JsonParser p = JSON.createParser(payload, offset, length)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                sink.onReject(RejectReason.MALFORMED_JSON, "empty payload");
                return;
            }
            while (t != null) {
                if (t == JsonToken.START_ARRAY) {
                    while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
                        each.parse(p, sink);
                    }
                    if (t != JsonToken.END_ARRAY) {
                        sink.onReject(RejectReason.MALFORMED_JSON, "array element is not an object");
                        return;
                    }
                } else if (t == JsonToken.START_OBJECT) {
                    each.parse(p, sink);
                } else {
                    sink.onReject(RejectReason.MALFORMED_JSON, "expected an object, found " + t);
                    return;
                }
                t = p.nextToken();
            }
        } catch (IOException | RuntimeException e) {
            sink.onReject(RejectReason.MALFORMED_JSON, shorten(e.getMessage()));
        }
    }

    static String shorten(String message) {
        if (message == null) {
            return "unreadable JSON";
        }
        int nl = message.indexOf('\n');
        String first = nl < 0 ? message : message.substring(0, nl);
        return first.length() > 200 ? first.substring(0, 200) : first;
    }
}
