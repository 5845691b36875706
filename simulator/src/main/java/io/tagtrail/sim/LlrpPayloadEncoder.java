package io.tagtrail.sim;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * LLRP RO_ACCESS_REPORT as JSON (EdgeX field names): one report per message with one TagReportData entry per
 * read, EPC-96 in base64, AntennaID, PeakRSSI in whole dBm plus Impinj's peak RSSI extension in centi-dBm, and
 * first/last seen times in microseconds since the epoch.
 */
public final class LlrpPayloadEncoder implements ReaderPayloadEncoder {
    private final StringBuilder sb = new StringBuilder(16_384);
    private final byte[] epc = new byte[12];
    private final byte[] rssi = new byte[2];
    private final Base64.Encoder base64 = Base64.getEncoder();

    @Override
    public String format() {
        return "llrp";
    }

    @Override
    public byte[] encode(String hostname, int n, long[] timeMicros, long[] epcHi, long[] epcLo, int[] antenna,
                         int[] rssiCdbm) {
        sb.setLength(0);
        sb.append("{\"TagReportData\":[");
        for (int i = 0; i < n; i++) {
            for (int b = 0; b < 8; b++) {
                epc[b] = (byte) (epcHi[i] >>> (56 - 8 * b));
            }
            for (int b = 0; b < 4; b++) {
                epc[8 + b] = (byte) (epcLo[i] >>> (24 - 8 * b));
            }
            rssi[0] = (byte) (rssiCdbm[i] >> 8);
            rssi[1] = (byte) rssiCdbm[i];
            sb.append(i == 0 ? "" : ",").append("{\"EPCData\":{\"EPCNumBits\":0,\"EPC\":null},\"EPC96\":{\"EPC\":\"")
                    .append(base64.encodeToString(epc)).append("\"},\"AntennaID\":").append(antenna[i])
                    .append(",\"PeakRSSI\":").append(Math.round(rssiCdbm[i] / 100.0))
                    .append(",\"FirstSeenUTC\":").append(timeMicros[i])
                    .append(",\"LastSeenUTC\":").append(timeMicros[i])
                    .append(",\"TagSeenCount\":1,\"Custom\":[{\"VendorID\":25882,\"Subtype\":57,\"Data\":\"")
                    .append(base64.encodeToString(rssi)).append("\"}]}");
        }
        sb.append("],\"RFSurveyReportData\":null,\"Custom\":null}");
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
