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
    private static final JsonName[] TAG_FIELDS = JsonName.of("EPCData", "EPC96", "AntennaID", "PeakRSSI",
            "FirstSeenUTC", "FirstSeenTimestampUTC", "LastSeenUTC", "LastSeenTimestampUTC", "TagSeenCount", "Custom");
    private static final int EPC_DATA = 0;
    private static final int EPC96 = 1;
    private static final int ANTENNA_ID = 2;
    private static final int PEAK_RSSI = 3;
    private static final int FIRST_SEEN_UTC = 4;
    private static final int FIRST_SEEN_TIMESTAMP_UTC = 5;
    private static final int LAST_SEEN_UTC = 6;
    private static final int LAST_SEEN_TIMESTAMP_UTC = 7;
    private static final int TAG_SEEN_COUNT = 8;
    private static final int CUSTOM = 9;
    private static final JsonName[] EPC_FIELDS = JsonName.of("EPC");
    private static final JsonName[] CUSTOM_FIELDS = JsonName.of("VendorID", "Subtype", "Data");
    private static final int VENDOR_ID = 0;
    private static final int SUBTYPE = 1;
    private static final int DATA = 2;

    private final JsonScanner scanner = new JsonScanner();
    private final JsonPayloads.ObjectParser reportParser = this::report;
    private final long[] epc = new long[2];

    @Override
    public String format() {
        return "llrp";
    }

    @Override
    public void decode(byte[] payload, int offset, int length, Sink sink) {
        JsonPayloads.forEachObject(scanner, payload, offset, length, sink, reportParser);
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
                tag(s, sink);
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

    private void tag(JsonScanner s, Sink sink) {
        int epcState = JsonPayloads.ABSENT;
        long antenna = JsonPayloads.ABSENT_LONG;
        double peakDbm = Double.NaN;
        boolean sawPeak = false;
        long impinjCdbm = JsonPayloads.ABSENT_LONG;
        long first = JsonPayloads.ABSENT_LONG;
        long last = JsonPayloads.ABSENT_LONG;
        long seen = 1;
        int f;
        int expected = 0;
        while ((f = s.nextField(TAG_FIELDS, expected)) != JsonScanner.NO_FIELD) {
            if (f >= 0) {
                expected = f + 1;
            }
            switch (f) {
                case EPC96:
                case EPC_DATA:
                    if (s.next() == JsonScanner.START_OBJECT) {
                        int state = epcObject(s);
                        if (state != JsonPayloads.ABSENT && epcState != JsonPayloads.VALID) {
                            epcState = state;
                        }
                    } else {
                        s.skipChildren();
                    }
                    break;
                case ANTENNA_ID:
                    int v = s.next();
                    antenna = JsonFields.integer(s, 1, 64);
                    if (antenna == Long.MIN_VALUE) {
                        antenna = v == JsonScanner.NULL ? JsonPayloads.ABSENT_LONG : JsonPayloads.INVALID_LONG;
                    }
                    break;
                case PEAK_RSSI:
                    if (s.next() != JsonScanner.NULL) {
                        sawPeak = true;
                        peakDbm = JsonFields.number(s, -128, 127);
                    }
                    break;
                case FIRST_SEEN_UTC:
                case FIRST_SEEN_TIMESTAMP_UTC:
                    s.next();
                    first = micros(s);
                    break;
                case LAST_SEEN_UTC:
                case LAST_SEEN_TIMESTAMP_UTC:
                    s.next();
                    last = micros(s);
                    break;
                case TAG_SEEN_COUNT:
                    s.next();
                    long c = JsonFields.integer(s, 1, 65_535);
                    seen = c == Long.MIN_VALUE ? 1 : c;
                    break;
                case CUSTOM:
                    if (s.next() == JsonScanner.START_ARRAY) {
                        int t;
                        while ((t = s.next()) != JsonScanner.END_ARRAY && t != JsonScanner.ERROR) {
                            if (t == JsonScanner.START_OBJECT) {
                                long rssi = impinjPeakRssi(s);
                                if (rssi != JsonPayloads.ABSENT_LONG) {
                                    impinjCdbm = rssi;
                                }
                            } else {
                                s.skipChildren();
                            }
                        }
                    } else {
                        s.skipChildren();
                    }
                    break;
                default:
                    s.skipValue();
            }
        }
        if (s.failed()) {
            return;
        }
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
        TagRead read = new TagRead();
        read.timeMicros = micros;
        read.epcHi = epc[0];
        read.epcLo = epc[1];
        read.antenna = (int) antenna;
        read.rssiCdbm = cdbm;
        read.readCount = (int) seen;
        sink.onRead(read, null);
    }

    /** {@code {"EPC": base64}} or {@code {"EPCNumBits": 96, "EPC": base64}}; null EPC means absent. */
    private int epcObject(JsonScanner s) {
        int state = JsonPayloads.ABSENT;
        int f;
        while ((f = s.nextField(EPC_FIELDS, 0)) != JsonScanner.NO_FIELD) {
            if (f != 0) {
                s.skipValue();
            } else if (s.next() == JsonScanner.STRING) {
                state = JsonFields.base64Epc(s, epc) ? JsonPayloads.VALID : JsonPayloads.INVALID;
            } else {
                s.skipChildren();
            }
        }
        return state;
    }

    private static long micros(JsonScanner s) {
        if (s.token() == JsonScanner.NULL) {
            return JsonPayloads.ABSENT_LONG;
        }
        long v = JsonFields.integer(s, 0, MAX_MICROS);
        return v == Long.MIN_VALUE ? JsonPayloads.INVALID_LONG : v;
    }

    /** Impinj peak RSSI (cdBm, big-endian int16 in base64) from one Custom parameter, or ABSENT_LONG. */
    private static long impinjPeakRssi(JsonScanner s) {
        long vendor = -1;
        long subtype = -1;
        int data = Integer.MIN_VALUE;
        int f;
        int expected = 0;
        while ((f = s.nextField(CUSTOM_FIELDS, expected)) != JsonScanner.NO_FIELD) {
            if (f >= 0) {
                expected = f + 1;
            }
            switch (f) {
                case VENDOR_ID:
                    s.next();
                    vendor = JsonFields.integer(s, 0, 0xFFFFFFFFL);
                    break;
                case SUBTYPE:
                    s.next();
                    subtype = JsonFields.integer(s, 0, 0xFFFFFFFFL);
                    break;
                case DATA:
                    if (s.next() == JsonScanner.STRING) {
                        data = Base64Text.int16(s.textArray(), s.textOffset(), s.textLength());
                    } else {
                        s.skipChildren();
                    }
                    break;
                default:
                    s.skipValue();
            }
        }
        if (vendor != IMPINJ_VENDOR || subtype != IMPINJ_PEAK_RSSI || data == Integer.MIN_VALUE) {
            return JsonPayloads.ABSENT_LONG;
        }
        return data;
    }
}
