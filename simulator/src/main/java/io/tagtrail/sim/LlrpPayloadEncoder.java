package io.tagtrail.sim;

/**
 * LLRP RO_ACCESS_REPORT as JSON (EdgeX field names): one report per message with one TagReportData entry per
 * read, EPC-96 in base64, AntennaID, PeakRSSI in whole dBm plus Impinj's peak RSSI extension in centi-dBm, and
 * first/last seen times in microseconds since the epoch.
 */
public final class LlrpPayloadEncoder implements ReaderPayloadEncoder {
    private static final byte[] BASE64 =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".getBytes(
                    java.nio.charset.StandardCharsets.US_ASCII);
    private final PayloadBuffer out = new PayloadBuffer();
    private final byte[] epc = new byte[12];
    private final byte[] rssi = new byte[2];

    @Override
    public String format() {
        return "llrp";
    }

    @Override
    public byte[] encode(String hostname, int from, int to, long[] timeMicros, long[] epcHi, long[] epcLo,
                         int[] antenna, int[] rssiCdbm) {
        out.clear();
        out.ascii("{\"TagReportData\":[");
        for (int i = from; i < to; i++) {
            for (int b = 0; b < 8; b++) {
                epc[b] = (byte) (epcHi[i] >>> (56 - 8 * b));
            }
            for (int b = 0; b < 4; b++) {
                epc[8 + b] = (byte) (epcLo[i] >>> (24 - 8 * b));
            }
            rssi[0] = (byte) (rssiCdbm[i] >> 8);
            rssi[1] = (byte) rssiCdbm[i];
            if (i > from) {
                out.ch(',');
            }
            out.ascii("{\"EPCData\":{\"EPCNumBits\":0,\"EPC\":null},\"EPC96\":{\"EPC\":\"");
            base64(epc);
            out.ascii("\"},\"AntennaID\":").number(antenna[i])
                    .ascii(",\"PeakRSSI\":").number(Math.round(rssiCdbm[i] / 100.0))
                    .ascii(",\"FirstSeenUTC\":").number(timeMicros[i])
                    .ascii(",\"LastSeenUTC\":").number(timeMicros[i])
                    .ascii(",\"TagSeenCount\":1,\"Custom\":[{\"VendorID\":25882,\"Subtype\":57,\"Data\":\"");
            base64(rssi);
            out.ascii("\"}]}");
        }
        out.ascii("],\"RFSurveyReportData\":null,\"Custom\":null}");
        return out.toByteArray();
    }

    /** Standard base64 with padding. */
    private void base64(byte[] data) {
        int i = 0;
        for (; i + 2 < data.length; i += 3) {
            int v = (data[i] & 0xFF) << 16 | (data[i + 1] & 0xFF) << 8 | (data[i + 2] & 0xFF);
            out.ch((char) BASE64[v >>> 18]).ch((char) BASE64[(v >>> 12) & 63]).ch((char) BASE64[(v >>> 6) & 63])
                    .ch((char) BASE64[v & 63]);
        }
        int rest = data.length - i;
        if (rest == 1) {
            int v = (data[i] & 0xFF) << 16;
            out.ch((char) BASE64[v >>> 18]).ch((char) BASE64[(v >>> 12) & 63]).ch('=').ch('=');
        } else if (rest == 2) {
            int v = (data[i] & 0xFF) << 16 | (data[i + 1] & 0xFF) << 8;
            out.ch((char) BASE64[v >>> 18]).ch((char) BASE64[(v >>> 12) & 63]).ch((char) BASE64[(v >>> 6) & 63])
                    .ch('=');
        }
    }
}
