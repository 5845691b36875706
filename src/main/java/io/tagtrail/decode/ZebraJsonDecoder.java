package io.tagtrail.decode;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.tagtrail.model.RejectReason;
import io.tagtrail.model.TagRead;

import java.io.IOException;

/**
 * Zebra IoT Connector tag data events (FX7500, FX9600, ATR7000, FXR90):
 * <pre>{"type":"SIMPLE","timestamp":"2026-11-22T10:00:03.120+0000",
 *  "data":{"idHex":"2d...","antenna":1,"peakRssi":-55,"reads":3,"eventNum":17,"format":"epc"}}</pre>
 * A payload may hold one event, a JSON array of events (batching on), or events concatenated without any
 * separator. {@code peakRssi} is in dBm; the reader's tag metadata must include ANTENNA and RSSI. The reader is
 * named by the topic (or by {@code data.hostname} when HOSTNAME metadata is on).
 */
public final class ZebraJsonDecoder implements TagReadDecoder {
    private final long[] epc = new long[2];

    @Override
    public String format() {
        return "zebra";
    }

    @Override
    public void decode(byte[] payload, int offset, int length, Sink sink) {
        JsonPayloads.forEachObject(payload, offset, length, sink, this::event);
    }

    private void event(JsonParser p, Sink sink) throws IOException {
        long micros = IsoTimestamp.INVALID;
        boolean sawTimestamp = false;
        boolean sawData = false;
        int epcState = JsonPayloads.ABSENT;
        long antenna = JsonPayloads.ABSENT_LONG;
        double rssiDbm = Double.NaN;
        boolean sawRssi = false;
        long reads = 1;
        String hostname = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            if (field.equals("timestamp")) {
                sawTimestamp = true;
                micros = JsonFields.isoMicros(p);
            } else if (field.equals("data") && v == JsonToken.START_OBJECT) {
                sawData = true;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String f = p.currentName();
                    p.nextToken();
                    switch (f) {
                        case "idHex":
                            epcState = JsonFields.hexEpc(p, epc) ? JsonPayloads.VALID : JsonPayloads.INVALID;
                            break;
                        case "antenna":
                            antenna = JsonFields.integer(p, 1, 64);
                            if (antenna == Long.MIN_VALUE) {
                                antenna = JsonPayloads.INVALID_LONG;
                            }
                            break;
                        case "peakRssi":
                            sawRssi = true;
                            rssiDbm = JsonFields.number(p, -150, 30);
                            break;
                        case "reads":
                            long r = JsonFields.integer(p, 1, 1_000_000);
                            reads = r == Long.MIN_VALUE ? 1 : r;
                            break;
                        case "hostname":
                            hostname = p.currentToken() == JsonToken.VALUE_STRING ? p.getText() : null;
                            break;
                        default:
                            p.skipChildren();
                    }
                }
            } else {
                p.skipChildren();
            }
        }
        if (!sawData) {
            sink.onReject(RejectReason.UNSUPPORTED_EVENT, "not a tag data event (no data object)");
            return;
        }
        if (epcState != JsonPayloads.VALID) {
            sink.onReject(epcState == JsonPayloads.INVALID ? RejectReason.BAD_EPC : RejectReason.MISSING_FIELD,
                    epcState == JsonPayloads.INVALID ? "idHex is not a 96-bit EPC" : "idHex missing");
            return;
        }
        if (antenna == JsonPayloads.ABSENT_LONG || antenna == JsonPayloads.INVALID_LONG) {
            sink.onReject(antenna == JsonPayloads.INVALID_LONG ? RejectReason.BAD_ANTENNA : RejectReason.MISSING_FIELD,
                    "antenna missing or not 1..64 (enable ANTENNA tag metadata)");
            return;
        }
        if (Double.isNaN(rssiDbm)) {
            sink.onReject(sawRssi ? RejectReason.BAD_RSSI : RejectReason.MISSING_FIELD,
                    "peakRssi missing or out of range (enable RSSI tag metadata)");
            return;
        }
        if (micros == IsoTimestamp.INVALID) {
            sink.onReject(sawTimestamp ? RejectReason.BAD_TIMESTAMP : RejectReason.MISSING_FIELD,
                    "timestamp missing or not ISO-8601");
            return;
        }
        TagRead read = new TagRead();
        read.timeMicros = micros;
        read.epcHi = epc[0];
        read.epcLo = epc[1];
        read.antenna = (int) antenna;
        read.rssiCdbm = (int) Math.round(rssiDbm * 100);
        read.readCount = (int) reads;
        sink.onRead(read, hostname);
    }
}
