package io.tagtrail.decode;

import io.tagtrail.model.RejectReason;
import io.tagtrail.model.TagRead;

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

    // fields of an event, in the order the reader writes them
    private static final JsonName[] EVENT_FIELDS = JsonName.of("timestamp", "hostname", "eventType",
            "tagInventoryEvent");
    private static final int TIMESTAMP = 0;
    private static final int HOSTNAME = 1;
    private static final int EVENT_TYPE = 2;
    private static final int TAG_INVENTORY_EVENT = 3;
    // the fields of a tagInventoryEvent in the reader's order, those not used included: naming them keeps the
    // guess of the next field right, so no name has to be scanned as a string
    private static final JsonName[] BODY_FIELDS = JsonName.of("epc", "epcHex", "tid", "tidHex", "antennaPort",
            "antennaName", "peakRssiCdbm", "frequency", "transmitPowerCbm", "lastSeenTime", "phaseAngle");
    private static final int EPC = 0;
    private static final int EPC_HEX = 1;
    private static final int ANTENNA_PORT = 4;
    private static final int PEAK_RSSI_CDBM = 6;
    private static final int LAST_SEEN_TIME = 9;
    private static final JsonName TAG_INVENTORY = new JsonName("tagInventory");

    private final JsonScanner scanner = new JsonScanner();
    private final RecentStrings hostnames = new RecentStrings(1024);
    private final IsoTimestampReader timestamps = new IsoTimestampReader();
    private final JsonPayloads.ObjectParser eventParser = this::event;
    private final long[] epc = new long[2];

    @Override
    public String format() {
        return "impinj";
    }

    @Override
    public void decode(byte[] payload, int offset, int length, Sink sink) {
        JsonPayloads.forEachObject(scanner, payload, offset, length, sink, eventParser);
    }

    /** Parses one event object; the scanner stands on its START_OBJECT and is left on its END_OBJECT or ERROR. */
    private void event(JsonScanner s, Sink sink) {
        long eventMicros = IsoTimestamp.INVALID;
        // the event timestamp is only needed without a valid lastSeenTime: kept as a range, parsed at the end
        int eventTimeAt = -1;
        int eventTimeLength = 0;
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
        int field;
        int next = 0;
        while ((field = s.nextField(EVENT_FIELDS, next)) != JsonScanner.NO_FIELD) {
            if (field >= 0) {
                next = field + 1;
            }
            switch (field) {
                case TIMESTAMP:
                    eventTimeAt = -1;
                    if (s.next() == JsonScanner.STRING && !s.textEscaped()) {
                        eventTimeAt = s.rawStart();
                        eventTimeLength = s.rawLength();
                    } else {
                        eventMicros = JsonFields.isoMicros(s, timestamps);
                    }
                    break;
                case HOSTNAME:
                    if (s.next() == JsonScanner.STRING) {
                        hostname = hostnames.of(s.textArray(), s.textOffset(), s.textLength());
                    } else {
                        hostname = null;
                        s.skipChildren();
                    }
                    break;
                case EVENT_TYPE:
                    int v = s.next();
                    if (v == JsonScanner.STRING) {
                        inventory = s.textIs(TAG_INVENTORY);
                        eventType = inventory ? "tagInventory" : s.text();
                    } else {
                        inventory = false;
                        eventType = JsonScanner.describe(v);
                        s.skipChildren();
                    }
                    break;
                case TAG_INVENTORY_EVENT:
                    if (s.next() != JsonScanner.START_OBJECT) {
                        s.skipChildren();
                        break;
                    }
                    sawBody = true;
                    int f;
                    int expected = 0;
                    while ((f = s.nextField(BODY_FIELDS, expected)) != JsonScanner.NO_FIELD) {
                        if (f >= 0) {
                            expected = f + 1;
                        }
                        switch (f) {
                            case EPC_HEX:
                                s.next();
                                hexEpc = JsonFields.hexEpc(s, epc) ? VALID : INVALID;
                                hexHi = epc[0];
                                hexLo = epc[1];
                                break;
                            case EPC:
                                s.next();
                                base64Epc = JsonFields.base64Epc(s, epc) ? VALID : INVALID;
                                break;
                            case ANTENNA_PORT:
                                s.next();
                                antenna = JsonFields.integer(s, 1, 64);
                                if (antenna == Long.MIN_VALUE) {
                                    antenna = -1;
                                }
                                break;
                            case PEAK_RSSI_CDBM:
                                s.next();
                                rssi = JsonFields.integer(s, -15_000, 3_000);
                                if (rssi == Long.MIN_VALUE) {
                                    rssi = Long.MAX_VALUE;
                                }
                                break;
                            case LAST_SEEN_TIME:
                                s.next();
                                lastSeenMicros = JsonFields.isoMicros(s, timestamps);
                                break;
                            default:
                                s.skipValue();
                        }
                    }
                    break;
                default:
                    s.skipValue();
            }
        }
        if (s.failed()) {
            return;
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
        long micros = lastSeenMicros;
        if (micros == IsoTimestamp.INVALID) {
            micros = eventTimeAt >= 0 ? timestamps.parseMicros(s.input(), eventTimeAt, eventTimeLength)
                    : eventMicros;
        }
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
