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
public final class ZebraJsonDecoder implements TagReadDecoder {
    private static final JsonName[] EVENT_FIELDS = JsonName.of("timestamp", "data");
    private static final int TIMESTAMP = 0;
    private static final int DATA = 1;
    private static final JsonName[] DATA_FIELDS = JsonName.of("idHex", "antenna", "peakRssi", "reads", "hostname");
    private static final int ID_HEX = 0;
    private static final int ANTENNA = 1;
    private static final int PEAK_RSSI = 2;
    private static final int READS = 3;
    private static final int HOSTNAME = 4;

    private final JsonScanner scanner = new JsonScanner();
    private final RecentStrings hostnames = new RecentStrings(1024);
    private final IsoTimestampReader timestamps = new IsoTimestampReader();
    private final JsonPayloads.ObjectParser eventParser = this::event;
    private final long[] epc = new long[2];

    @Override
    public String format() {
        return "zebra";
    }

    @Override
    public void decode(byte[] payload, int offset, int length, Sink sink) {
        JsonPayloads.forEachObject(scanner, payload, offset, length, sink, eventParser);
    }

    private void event(JsonScanner s, Sink sink) {
        long micros = IsoTimestamp.INVALID;
        boolean sawTimestamp = false;
        boolean sawData = false;
        int epcState = JsonPayloads.ABSENT;
        long antenna = JsonPayloads.ABSENT_LONG;
        double rssiDbm = Double.NaN;
        boolean sawRssi = false;
        long reads = 1;
        String hostname = null;
        int field;
        int next = 0;
        while ((field = s.nextField(EVENT_FIELDS, next)) != JsonScanner.NO_FIELD) {
            if (field == TIMESTAMP) {
                next = DATA;
                sawTimestamp = true;
                s.next();
                micros = JsonFields.isoMicros(s, timestamps);
                continue;
            }
            if (field != DATA) {
                s.skipValue();
                continue;
            }
            next = TIMESTAMP;
            if (s.next() != JsonScanner.START_OBJECT) {
                s.skipChildren();
                continue;
            }
            sawData = true;
            int f;
            int expected = 0;
            while ((f = s.nextField(DATA_FIELDS, expected)) != JsonScanner.NO_FIELD) {
                if (f >= 0) {
                    expected = f + 1;
                }
                switch (f) {
                    case ID_HEX:
                        s.next();
                        epcState = JsonFields.hexEpc(s, epc) ? JsonPayloads.VALID : JsonPayloads.INVALID;
                        break;
                    case ANTENNA:
                        s.next();
                        antenna = JsonFields.integer(s, 1, 64);
                        if (antenna == Long.MIN_VALUE) {
                            antenna = JsonPayloads.INVALID_LONG;
                        }
                        break;
                    case PEAK_RSSI:
                        sawRssi = true;
                        s.next();
                        rssiDbm = JsonFields.number(s, -150, 30);
                        break;
                    case READS:
                        s.next();
                        long r = JsonFields.integer(s, 1, 1_000_000);
                        reads = r == Long.MIN_VALUE ? 1 : r;
                        break;
                    case HOSTNAME:
                        if (s.next() == JsonScanner.STRING) {
                            hostname = hostnames.of(s.textArray(), s.textOffset(), s.textLength());
                        } else {
                            hostname = null;
                            s.skipChildren();
                        }
                        break;
                    default:
                        s.skipValue();
                }
            }
        }
        if (s.failed()) {
            return;
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
