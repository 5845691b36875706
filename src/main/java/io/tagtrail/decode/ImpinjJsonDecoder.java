package io.tagtrail.decode;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.tagtrail.model.RejectReason;
import io.tagtrail.model.TagRead;

import java.io.IOException;

/**
 * Impinj IoT Device Interface events (R700 and others), as the reader publishes them over MQTT:
 * <pre>{"timestamp":"2026-11-22T10:00:03.120456789Z","hostname":"impinj-f0-a","eventType":"tagInventory",
 *  "tagInventoryEvent":{"epcHex":"2D...","antennaPort":1,"peakRssiCdbm":-5600,"lastSeenTime":"..."}}</pre>
 * A payload may hold one event, a JSON array of events, or events one after another (JSON Lines). The EPC is
 * taken from {@code epcHex}, else from the base64 {@code epc}; the read time from {@code lastSeenTime}, else from
 * the event {@code timestamp}. Events of other types (antenna health, inventory status) are rejected as
 * unsupported, each counted.
 */
public final class ImpinjJsonDecoder implements TagReadDecoder {
    private static final int ABSENT = JsonPayloads.ABSENT;
    private static final int VALID = JsonPayloads.VALID;
    private static final int INVALID = JsonPayloads.INVALID;

    private final long[] epc = new long[2];

    @Override
    public String format() {
        return "impinj";
    }

    @Override
    public void decode(byte[] payload, int offset, int length, Sink sink) {
        JsonPayloads.forEachObject(payload, offset, length, sink, this::event);
    }

    /** Parses one event object; the parser stands on its START_OBJECT and is left on its END_OBJECT. */
    private void event(JsonParser p, Sink sink) throws IOException {
        long eventMicros = IsoTimestamp.INVALID;
        long lastSeenMicros = IsoTimestamp.INVALID;
        String hostname = null;
        boolean inventory = false;
        String eventType = null;
        int hexEpc = ABSENT;
        int base64Epc = ABSENT;
        long hexHi = 0;
        long hexLo = 0;
        long antenna = Long.MIN_VALUE;
        long rssi = Long.MIN_VALUE;
        boolean sawBody = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            switch (field) {
                case "timestamp":
                    eventMicros = JsonFields.isoMicros(p);
                    break;
                case "hostname":
                    hostname = v == JsonToken.VALUE_STRING ? p.getText() : null;
                    break;
                case "eventType":
                    eventType = v == JsonToken.VALUE_STRING ? p.getText() : String.valueOf(v);
                    inventory = "tagInventory".equals(eventType);
                    break;
                case "tagInventoryEvent":
                    if (v != JsonToken.START_OBJECT) {
                        p.skipChildren();
                        break;
                    }
                    sawBody = true;
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String f = p.currentName();
                        p.nextToken();
                        switch (f) {
                            case "epcHex":
                                hexEpc = JsonFields.hexEpc(p, epc) ? VALID : INVALID;
                                hexHi = epc[0];
                                hexLo = epc[1];
                                break;
                            case "epc":
                                base64Epc = JsonFields.base64Epc(p, epc) ? VALID : INVALID;
                                break;
                            case "antennaPort":
                                antenna = JsonFields.integer(p, 1, 64);
                                if (antenna == Long.MIN_VALUE) {
                                    antenna = -1;
                                }
                                break;
                            case "peakRssiCdbm":
                                rssi = JsonFields.integer(p, -15_000, 3_000);
                                if (rssi == Long.MIN_VALUE) {
                                    rssi = Long.MAX_VALUE;
                                }
                                break;
                            case "lastSeenTime":
                                lastSeenMicros = JsonFields.isoMicros(p);
                                break;
                            default:
                                p.skipChildren();
                        }
                    }
                    break;
                default:
                    p.skipChildren();
            }
        }
        if (eventType != null && !inventory) {
            sink.onReject(RejectReason.UNSUPPORTED_EVENT, "event type " + eventType);
            return;
        }
        if (!sawBody) {
            sink.onReject(RejectReason.MISSING_FIELD, "tagInventoryEvent missing");
            return;
        }
        if (hexEpc == VALID) {
            epc[0] = hexHi;
            epc[1] = hexLo;
        } else if (base64Epc != VALID) {
            boolean bad = hexEpc == INVALID || base64Epc == INVALID;
            sink.onReject(bad ? RejectReason.BAD_EPC : RejectReason.MISSING_FIELD,
                    bad ? "epc is not a 96-bit EPC" : "epcHex/epc missing");
            return;
        }
        if (antenna == Long.MIN_VALUE || antenna < 0) {
            sink.onReject(antenna < 0 && antenna != Long.MIN_VALUE ? RejectReason.BAD_ANTENNA
                    : RejectReason.MISSING_FIELD, "antennaPort missing or not 1..64");
            return;
        }
        if (rssi == Long.MIN_VALUE || rssi == Long.MAX_VALUE) {
            sink.onReject(rssi == Long.MAX_VALUE ? RejectReason.BAD_RSSI : RejectReason.MISSING_FIELD,
                    "peakRssiCdbm missing or out of range");
            return;
        }
        long micros = lastSeenMicros != IsoTimestamp.INVALID ? lastSeenMicros : eventMicros;
        if (micros == IsoTimestamp.INVALID) {
            sink.onReject(RejectReason.BAD_TIMESTAMP, "no valid lastSeenTime or timestamp");
            return;
        }
        TagRead read = new TagRead();
        read.timeMicros = micros;
        read.epcHi = epc[0];
        read.epcLo = epc[1];
        read.antenna = (int) antenna;
        read.rssiCdbm = (int) rssi;
        sink.onRead(read, hostname);
    }
}
