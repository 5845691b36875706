package io.tagtrail.decode;

import io.tagtrail.model.RejectReason;
import io.tagtrail.model.TagRead;

/**
 * Zebra IoT Connector tag data events (FX7500, FX9600, ATR7000, FXR90):
 * <pre>{"type":"SIMPLE","timestamp":"2026-11-22T10:00:03.120+0000",
 *  "data":{"idHex":"2d...","antenna":1,"peakRssi":-55,"reads":3,"eventNum":17,"format":"epc"}}</pre>
 * A payload may hold one event, a JSON array of events (batching on), or events concatenated without any
 * separator. {@code peakRssi} is in dBm; the reader's tag metadata must include ANTENNA and RSSI. The reader is
 * named by the topic (or by {@code data.hostname} when HOSTNAME metadata is on).
 */
public final class ZebraJsonDecoder extends EventStreamDecoder {
    // field ids
    private static final int TIMESTAMP = 0;
    private static final int DATA = 1;
    private static final int ID_HEX = 2;
    private static final int ANTENNA = 3;
    private static final int PEAK_RSSI = 4;
    private static final int READS = 5;
    private static final int HOSTNAME = 6;
    private static final JsonSchema EVENT = JsonSchema.of(
            JsonSchema.field("timestamp", TIMESTAMP),
            JsonSchema.object("data", DATA, JsonSchema.of(
                    JsonSchema.field("idHex", ID_HEX),
                    JsonSchema.field("antenna", ANTENNA),
                    JsonSchema.field("peakRssi", PEAK_RSSI),
                    JsonSchema.field("reads", READS),
                    JsonSchema.field("hostname", HOSTNAME))));

    // the event being read
    private long micros;
    private boolean sawTimestamp;
    private boolean sawData;
    private int epcState;
    private long antenna;
    private double rssiDbm;
    private boolean sawRssi;
    private long reads;
    private String hostname;

    public ZebraJsonDecoder() {
        super(EVENT);
    }

    @Override
    public String format() {
        return "zebra";
    }

    @Override
    void clear() {
        micros = IsoTimestamp.INVALID;
        sawTimestamp = false;
        sawData = false;
        epcState = JsonPayloads.ABSENT;
        antenna = JsonPayloads.ABSENT_LONG;
        rssiDbm = Double.NaN;
        sawRssi = false;
        reads = 1;
        hostname = null;
    }

    @Override
    void emit(Sink sink) {
        if (!sawData) {
            sink.onReject(RejectReason.UNSUPPORTED_EVENT, "not a tag data event (no data object)");
            return;
        }
        if (!JsonPayloads.epcUsable(epcState, sink, "idHex is not a 96-bit EPC", "idHex missing")
                || !JsonPayloads.antennaUsable(antenna, sink,
                        "antenna missing or not 1..64 (enable ANTENNA tag metadata)")) {
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
        sink.onRead(TagRead.reported(micros, epc[0], epc[1], (int) antenna, (int) Math.round(rssiDbm * 100),
                (int) reads), hostname);
    }

    @Override
    void enter(int id) {
        sawData = true;
    }

    @Override
    void value(int id, JsonScanner s) {
        switch (id) {
            case TIMESTAMP:
                sawTimestamp = true;
                micros = JsonFields.isoMicros(s, timestamps);
                break;
            case ID_HEX:
                epcState = JsonFields.hexEpc(s, epc) ? JsonPayloads.VALID : JsonPayloads.INVALID;
                break;
            case ANTENNA:
                antenna = JsonFields.integer(s, 1, 64);
                if (antenna == Long.MIN_VALUE) {
                    antenna = JsonPayloads.INVALID_LONG;
                }
                break;
            case PEAK_RSSI:
                sawRssi = true;
                rssiDbm = JsonFields.number(s, -150, 30);
                break;
            case READS:
                long r = JsonFields.integer(s, 1, 1_000_000);
                reads = r == Long.MIN_VALUE ? 1 : r;
                break;
            case HOSTNAME:
                hostname = JsonFields.name(s, hostnames);
                break;
            default:
                s.skipChildren();
        }
    }
}
