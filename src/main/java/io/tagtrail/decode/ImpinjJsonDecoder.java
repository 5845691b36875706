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
public final class ImpinjJsonDecoder extends EventStreamDecoder {
    private static final int ABSENT = JsonPayloads.ABSENT;
    private static final int VALID = JsonPayloads.VALID;
    private static final int INVALID = JsonPayloads.INVALID;

    // field ids
    private static final int TIMESTAMP = 0;
    private static final int HOSTNAME = 1;
    private static final int EVENT_TYPE = 2;
    private static final int TAG_INVENTORY_EVENT = 3;
    private static final int EPC = 4;
    private static final int EPC_HEX = 5;
    private static final int ANTENNA_PORT = 6;
    private static final int PEAK_RSSI_CDBM = 7;
    private static final int LAST_SEEN_TIME = 8;
    private static final int UNUSED = -1;
    // an event's fields in the order the reader writes them; the body's unused fields are named too, which keeps
    // the walk's guess of the next field right, so no name has to be scanned as a string
    private static final JsonSchema EVENT = JsonSchema.of(
            JsonSchema.field("timestamp", TIMESTAMP),
            JsonSchema.field("hostname", HOSTNAME),
            JsonSchema.field("eventType", EVENT_TYPE),
            JsonSchema.object("tagInventoryEvent", TAG_INVENTORY_EVENT, JsonSchema.of(
                    JsonSchema.field("epc", EPC),
                    JsonSchema.field("epcHex", EPC_HEX),
                    JsonSchema.field("tid", UNUSED),
                    JsonSchema.field("tidHex", UNUSED),
                    JsonSchema.field("antennaPort", ANTENNA_PORT),
                    JsonSchema.field("antennaName", UNUSED),
                    JsonSchema.field("peakRssiCdbm", PEAK_RSSI_CDBM),
                    JsonSchema.field("frequency", UNUSED),
                    JsonSchema.field("transmitPowerCbm", UNUSED),
                    JsonSchema.field("lastSeenTime", LAST_SEEN_TIME),
                    JsonSchema.field("phaseAngle", UNUSED))));
    private static final JsonName TAG_INVENTORY = new JsonName("tagInventory");

    // the event being read
    private long eventMicros;
    // the event timestamp is only needed without a valid lastSeenTime: kept as a range, parsed at the end
    private int eventTimeAt;
    private int eventTimeLength;
    private long lastSeenMicros;
    private String hostname;
    private boolean inventory;
    private String eventType;
    private int hexEpc;
    private int base64Epc;
    private long hexHi;
    private long hexLo;
    private long antenna;
    private long rssi;
    private boolean sawBody;

    public ImpinjJsonDecoder() {
        super(EVENT);
    }

    @Override
    public String format() {
        return "impinj";
    }

    @Override
    void clear() {
        eventMicros = IsoTimestamp.INVALID;
        eventTimeAt = -1;
        eventTimeLength = 0;
        lastSeenMicros = IsoTimestamp.INVALID;
        hostname = null;
        inventory = false;
        eventType = null;
        hexEpc = ABSENT;
        base64Epc = ABSENT;
        hexHi = 0;
        hexLo = 0;
        antenna = Long.MIN_VALUE;
        rssi = Long.MIN_VALUE;
        sawBody = false;
    }

    @Override
    void emit(Sink sink) {
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
            micros = eventTimeAt >= 0 ? timestamps.parseMicros(scanner.input(), eventTimeAt, eventTimeLength)
                    : eventMicros;
        }
        if (micros == IsoTimestamp.INVALID) {
            sink.onReject(RejectReason.BAD_TIMESTAMP, "no valid lastSeenTime or timestamp");
            return;
        }
        sink.onRead(TagRead.reported(micros, epc[0], epc[1], (int) antenna, (int) rssi, 1), hostname);
    }

    @Override
    void enter(int id) {
        sawBody = true;
    }

    @Override
    void value(int id, JsonScanner s) {
        switch (id) {
            case TIMESTAMP:
                eventTimeAt = -1;
                if (s.token() == JsonScanner.STRING && !s.textEscaped()) {
                    eventTimeAt = s.rawStart();
                    eventTimeLength = s.rawLength();
                } else {
                    eventMicros = JsonFields.isoMicros(s, timestamps);
                }
                break;
            case HOSTNAME:
                hostname = JsonFields.name(s, hostnames);
                break;
            case EVENT_TYPE:
                int v = s.token();
                if (v == JsonScanner.STRING) {
                    inventory = s.textIs(TAG_INVENTORY);
                    eventType = inventory ? "tagInventory" : s.text();
                } else {
                    inventory = false;
                    eventType = JsonScanner.describe(v);
                    s.skipChildren();
                }
                break;
            case EPC_HEX:
                hexEpc = JsonFields.hexEpc(s, epc) ? VALID : INVALID;
                hexHi = epc[0];
                hexLo = epc[1];
                break;
            case EPC:
                base64Epc = JsonFields.base64Epc(s, epc) ? VALID : INVALID;
                break;
            case ANTENNA_PORT:
                antenna = JsonFields.integer(s, 1, 64);
                if (antenna == Long.MIN_VALUE) {
                    antenna = -1;
                }
                break;
            case PEAK_RSSI_CDBM:
                rssi = JsonFields.integer(s, -15_000, 3_000);
                if (rssi == Long.MIN_VALUE) {
                    rssi = Long.MAX_VALUE;
                }
                break;
            case LAST_SEEN_TIME:
                lastSeenMicros = JsonFields.isoMicros(s, timestamps);
                break;
            default:
                s.skipChildren();
        }
    }
}
