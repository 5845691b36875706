package io.tagtrail.decode;

import io.tagtrail.model.RejectReason;
import io.tagtrail.model.TagRead;

/**
 * LLRP RO_ACCESS_REPORT messages as JSON, with the field names of the LLRP parameters as EdgeX's
 * {@code device-rfid-llrp-go} marshals them:
 * <pre>{"TagReportData":[{"EPC96":{"EPC":"LRQ..."},"AntennaID":1,"PeakRSSI":-55,
 *   "FirstSeenUTC":1795340400120000,"LastSeenUTC":1795340400120000,"TagSeenCount":1}]}</pre>
 * The EPC comes from {@code EPC96.EPC} or {@code EPCData.EPC} (base64, 96 bits); the time from
 * {@code LastSeenUTC}, else {@code FirstSeenUTC} (microseconds since the epoch; the long names
 * {@code LastSeenTimestampUTC} / {@code FirstSeenTimestampUTC} are accepted too); RSSI from Impinj's peak RSSI
 * extension in centi-dBm when present (Custom, vendor 25882, subtype 57), else {@code PeakRSSI} in dBm.
 * A payload may hold one report, an array of reports, or reports one after another. LLRP names no reader: the
 * topic does.
 */
public final class LlrpJsonDecoder implements TagReadDecoder {
    static final long IMPINJ_VENDOR = 25882;
    static final long IMPINJ_PEAK_RSSI = 57;
    private static final long MAX_MICROS = 253_402_300_799_000_000L;

    private static final JsonName[] REPORT_FIELDS = JsonName.of("TagReportData");
    // field ids of a TagReportData entry
    private static final int EPC_DATA = 0;
    private static final int EPC96 = 1;
    private static final int ANTENNA_ID = 2;
    private static final int PEAK_RSSI = 3;
    private static final int FIRST_SEEN = 4;
    private static final int LAST_SEEN = 5;
    private static final int TAG_SEEN_COUNT = 6;
    private static final int CUSTOM = 7;
    private static final int EPC = 8;
    private static final int VENDOR_ID = 9;
    private static final int SUBTYPE = 10;
    private static final int DATA = 11;
    private static final JsonSchema EPC_OBJECT = JsonSchema.of(JsonSchema.field("EPC", EPC));
    private static final JsonSchema TAG = JsonSchema.of(
            JsonSchema.object("EPCData", EPC_DATA, EPC_OBJECT),
            JsonSchema.object("EPC96", EPC96, EPC_OBJECT),
            JsonSchema.field("AntennaID", ANTENNA_ID),
            JsonSchema.field("PeakRSSI", PEAK_RSSI),
            JsonSchema.field("FirstSeenUTC", FIRST_SEEN),
            JsonSchema.field("FirstSeenTimestampUTC", FIRST_SEEN),
            JsonSchema.field("LastSeenUTC", LAST_SEEN),
            JsonSchema.field("LastSeenTimestampUTC", LAST_SEEN),
            JsonSchema.field("TagSeenCount", TAG_SEEN_COUNT),
            JsonSchema.objects("Custom", CUSTOM, JsonSchema.of(
                    JsonSchema.field("VendorID", VENDOR_ID),
                    JsonSchema.field("Subtype", SUBTYPE),
                    JsonSchema.field("Data", DATA))));

    private final JsonScanner scanner = new JsonScanner();
    private final JsonPayloads.ObjectParser reportParser = this::report;
    private final EventReader tags = new EventReader(TAG, new TagFields());
    private final long[] epc = new long[2];

    // the TagReportData entry being read
    private int epcState;
    private long antenna;
    private double peakDbm;
    private boolean sawPeak;
    private long impinjCdbm;
    private long first;
    private long last;
    private long seen;
    // an EPC object (EPCData, EPC96) whose fields are being read: its EPC's state, settled when the next one opens
    private boolean inEpcObject;
    private int objectEpcState;
    // a Custom parameter whose fields are being read, settled when the next one opens
    private boolean inCustom;
    private long vendor;
    private long subtype;
    private int data;

    @Override
    public String format() {
        return "llrp";
    }

    @Override
    public void decode(byte[] payload, int offset, int length, Sink sink) {
        JsonPayloads.forEachObject(scanner, payload, offset, length, sink, reportParser);
    }

    /** How this decoder's TagReportData entries were read (for tests). */
    EventReader events() {
        return tags;
    }

    private void report(JsonScanner s, Sink sink) {
        boolean sawTags = false;
        int field;
        while ((field = s.nextField(REPORT_FIELDS, 0)) != JsonScanner.NO_FIELD) {
            if (field != 0) {
                s.skipValue();
                continue;
            }
            if (s.next() != JsonScanner.START_ARRAY) {
                s.skipChildren();
                continue;
            }
            sawTags = true;
            int t;
            while ((t = s.next()) == JsonScanner.START_OBJECT) {
                if (tags.read(s)) {
                    emit(sink);
                }
            }
            if (t != JsonScanner.END_ARRAY) {
                if (!s.failed()) {
                    // an element that is not an object makes the rest of the payload unreadable, as malformed
                    s.markMalformed("TagReportData element is not an object");
                }
                return;
            }
        }
        if (s.failed()) {
            return;
        }
        if (!sawTags) {
            sink.onReject(RejectReason.UNSUPPORTED_EVENT, "not an RO_ACCESS_REPORT (no TagReportData)");
        }
    }

    /** Forgets the entry read so far. */
    private void clear() {
        epcState = JsonPayloads.ABSENT;
        antenna = JsonPayloads.ABSENT_LONG;
        peakDbm = Double.NaN;
        sawPeak = false;
        impinjCdbm = JsonPayloads.ABSENT_LONG;
        first = JsonPayloads.ABSENT_LONG;
        last = JsonPayloads.ABSENT_LONG;
        seen = 1;
        inEpcObject = false;
        inCustom = false;
    }

    /** The EPC object read last counts, unless an earlier one already gave a valid EPC. */
    private void settleEpcObject() {
        if (inEpcObject) {
            inEpcObject = false;
            if (objectEpcState != JsonPayloads.ABSENT && epcState != JsonPayloads.VALID) {
                epcState = objectEpcState;
            }
        }
    }

    /** The Custom parameter read last counts when it is Impinj's peak RSSI (the last such one wins). */
    private void settleCustom() {
        if (inCustom) {
            inCustom = false;
            if (vendor == IMPINJ_VENDOR && subtype == IMPINJ_PEAK_RSSI && data != Integer.MIN_VALUE) {
                impinjCdbm = data;
            }
        }
    }

    /** Emits the entry read, or rejects it. */
    private void emit(Sink sink) {
        settleEpcObject();
        settleCustom();
        if (!JsonPayloads.epcUsable(epcState, sink, "EPC is not a 96-bit EPC", "EPC96/EPCData missing")
                || !JsonPayloads.antennaUsable(antenna, sink, "AntennaID missing or not 1..64")) {
            return;
        }
        int cdbm;
        if (impinjCdbm != JsonPayloads.ABSENT_LONG) {
            cdbm = (int) impinjCdbm;
        } else if (!Double.isNaN(peakDbm)) {
            cdbm = (int) Math.round(peakDbm * 100);
        } else {
            sink.onReject(sawPeak ? RejectReason.BAD_RSSI : RejectReason.MISSING_FIELD, "PeakRSSI missing or invalid");
            return;
        }
        long micros = last >= 0 ? last : first;
        if (micros < 0) {
            sink.onReject(last == JsonPayloads.INVALID_LONG || first == JsonPayloads.INVALID_LONG
                    ? RejectReason.BAD_TIMESTAMP : RejectReason.MISSING_FIELD, "LastSeenUTC/FirstSeenUTC missing");
            return;
        }
        sink.onRead(TagRead.reported(micros, epc[0], epc[1], (int) antenna, cdbm, (int) seen), null);
    }

    private final class TagFields implements EventReader.Fields {
        @Override
        public void reset() {
            clear();
        }

        @Override
        public void enter(int id) {
            if (id == CUSTOM) {
                settleCustom();
                inCustom = true;
                vendor = -1;
                subtype = -1;
                data = Integer.MIN_VALUE;
            } else {
                settleEpcObject();
                inEpcObject = true;
                objectEpcState = JsonPayloads.ABSENT;
            }
        }

        @Override
        public void value(int id, JsonScanner s) {
            switch (id) {
                case EPC:
                    // base64, 96 bits; null (or anything but a string) leaves the object's EPC absent
                    if (s.token() == JsonScanner.STRING) {
                        objectEpcState = JsonFields.base64Epc(s, epc) ? JsonPayloads.VALID : JsonPayloads.INVALID;
                    } else {
                        s.skipChildren();
                    }
                    break;
                case ANTENNA_ID:
                    int v = s.token();
                    antenna = JsonFields.integer(s, 1, 64);
                    if (antenna == Long.MIN_VALUE) {
                        antenna = v == JsonScanner.NULL ? JsonPayloads.ABSENT_LONG : JsonPayloads.INVALID_LONG;
                    }
                    break;
                case PEAK_RSSI:
                    if (s.token() != JsonScanner.NULL) {
                        sawPeak = true;
                        peakDbm = JsonFields.number(s, -128, 127);
                    }
                    break;
                case FIRST_SEEN:
                    first = micros(s);
                    break;
                case LAST_SEEN:
                    last = micros(s);
                    break;
                case TAG_SEEN_COUNT:
                    long c = JsonFields.integer(s, 1, 65_535);
                    seen = c == Long.MIN_VALUE ? 1 : c;
                    break;
                case VENDOR_ID:
                    vendor = JsonFields.integer(s, 0, 0xFFFFFFFFL);
                    break;
                case SUBTYPE:
                    subtype = JsonFields.integer(s, 0, 0xFFFFFFFFL);
                    break;
                case DATA:
                    if (s.token() == JsonScanner.STRING) {
                        data = Base64Text.int16(s.textArray(), s.textOffset(), s.textLength());
                    } else {
                        s.skipChildren();
                    }
                    break;
                default:
                    s.skipChildren();
            }
        }
    }

    private static long micros(JsonScanner s) {
        if (s.token() == JsonScanner.NULL) {
            return JsonPayloads.ABSENT_LONG;
        }
        long v = JsonFields.integer(s, 0, MAX_MICROS);
        return v == Long.MIN_VALUE ? JsonPayloads.INVALID_LONG : v;
    }
}
