package io.tagtrail.decode;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.tagtrail.model.RejectReason;
import io.tagtrail.model.TagRead;

import java.io.IOException;
import java.util.Base64;

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

    private final long[] epc = new long[2];

    @Override
    public String format() {
        return "llrp";
    }

    @Override
    public void decode(byte[] payload, int offset, int length, Sink sink) {
        JsonPayloads.forEachObject(payload, offset, length, sink, this::report);
    }

    private void report(JsonParser p, Sink sink) throws IOException {
        boolean sawTags = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            if (field.equals("TagReportData") && v == JsonToken.START_ARRAY) {
                sawTags = true;
                JsonToken t;
                while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
                    tag(p, sink);
                }
                if (t != JsonToken.END_ARRAY) {
                    throw new IOException("TagReportData element is not an object");
                }
            } else {
                p.skipChildren();
            }
        }
        if (!sawTags) {
            sink.onReject(RejectReason.UNSUPPORTED_EVENT, "not an RO_ACCESS_REPORT (no TagReportData)");
        }
    }

    private void tag(JsonParser p, Sink sink) throws IOException {
        int epcState = JsonPayloads.ABSENT;
        long antenna = JsonPayloads.ABSENT_LONG;
        double peakDbm = Double.NaN;
        boolean sawPeak = false;
        long impinjCdbm = JsonPayloads.ABSENT_LONG;
        long first = JsonPayloads.ABSENT_LONG;
        long last = JsonPayloads.ABSENT_LONG;
        long seen = 1;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            JsonToken v = p.nextToken();
            switch (f) {
                case "EPC96":
                case "EPCData":
                    if (v == JsonToken.START_OBJECT) {
                        int state = epcObject(p);
                        if (state != JsonPayloads.ABSENT && epcState != JsonPayloads.VALID) {
                            epcState = state;
                        }
                    } else {
                        p.skipChildren();
                    }
                    break;
                case "AntennaID":
                    antenna = JsonFields.integer(p, 1, 64);
                    if (antenna == Long.MIN_VALUE) {
                        antenna = v == JsonToken.VALUE_NULL ? JsonPayloads.ABSENT_LONG : JsonPayloads.INVALID_LONG;
                    }
                    break;
                case "PeakRSSI":
                    if (v != JsonToken.VALUE_NULL) {
                        sawPeak = true;
                        peakDbm = JsonFields.number(p, -128, 127);
                    }
                    break;
                case "FirstSeenUTC":
                case "FirstSeenTimestampUTC":
                    first = micros(p);
                    break;
                case "LastSeenUTC":
                case "LastSeenTimestampUTC":
                    last = micros(p);
                    break;
                case "TagSeenCount":
                    long c = JsonFields.integer(p, 1, 65_535);
                    seen = c == Long.MIN_VALUE ? 1 : c;
                    break;
                case "Custom":
                    if (v == JsonToken.START_ARRAY) {
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            long rssi = impinjPeakRssi(p);
                            if (rssi != JsonPayloads.ABSENT_LONG) {
                                impinjCdbm = rssi;
                            }
                        }
                    } else {
                        p.skipChildren();
                    }
                    break;
                default:
                    p.skipChildren();
            }
        }
        if (epcState != JsonPayloads.VALID) {
            sink.onReject(epcState == JsonPayloads.INVALID ? RejectReason.BAD_EPC : RejectReason.MISSING_FIELD,
                    epcState == JsonPayloads.INVALID ? "EPC is not a 96-bit EPC" : "EPC96/EPCData missing");
            return;
        }
        if (antenna == JsonPayloads.ABSENT_LONG || antenna == JsonPayloads.INVALID_LONG) {
            sink.onReject(antenna == JsonPayloads.INVALID_LONG ? RejectReason.BAD_ANTENNA : RejectReason.MISSING_FIELD,
                    "AntennaID missing or not 1..64");
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
    private int epcObject(JsonParser p) throws IOException {
        int state = JsonPayloads.ABSENT;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            JsonToken v = p.nextToken();
            if (f.equals("EPC") && v == JsonToken.VALUE_STRING) {
                state = JsonFields.base64Epc(p, epc) ? JsonPayloads.VALID : JsonPayloads.INVALID;
            } else {
                p.skipChildren();
            }
        }
        return state;
    }

    private static long micros(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return JsonPayloads.ABSENT_LONG;
        }
        long v = JsonFields.integer(p, 0, MAX_MICROS);
        return v == Long.MIN_VALUE ? JsonPayloads.INVALID_LONG : v;
    }

    /** Impinj peak RSSI (cdBm, big-endian int16 in base64) from one Custom parameter, or ABSENT_LONG. */
    private static long impinjPeakRssi(JsonParser p) throws IOException {
        long vendor = -1;
        long subtype = -1;
        String data = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            JsonToken v = p.nextToken();
            if (f.equals("VendorID")) {
                vendor = JsonFields.integer(p, 0, 0xFFFFFFFFL);
            } else if (f.equals("Subtype")) {
                subtype = JsonFields.integer(p, 0, 0xFFFFFFFFL);
            } else if (f.equals("Data") && v == JsonToken.VALUE_STRING) {
                data = p.getText();
            } else {
                p.skipChildren();
            }
        }
        if (vendor != IMPINJ_VENDOR || subtype != IMPINJ_PEAK_RSSI || data == null) {
            return JsonPayloads.ABSENT_LONG;
        }
        try {
            byte[] b = Base64.getDecoder().decode(data);
            return b.length == 2 ? (short) (((b[0] & 0xFF) << 8) | (b[1] & 0xFF)) : JsonPayloads.ABSENT_LONG;
        } catch (IllegalArgumentException e) {
            return JsonPayloads.ABSENT_LONG;
        }
    }
}
