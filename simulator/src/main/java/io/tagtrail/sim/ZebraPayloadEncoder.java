package io.tagtrail.sim;

import io.tagtrail.model.Epc;

import java.nio.charset.StandardCharsets;

/**
 * Zebra IoT Connector tag data events, several concatenated in one message without a separator (as the connector
 * streams them), timestamps with milliseconds and a {@code +0000} offset, {@code idHex} in lower case.
 */
public final class ZebraPayloadEncoder implements ReaderPayloadEncoder {
    private final StringBuilder sb = new StringBuilder(16_384);
    private long eventNum;

    @Override
    public String format() {
        return "zebra";
    }

    @Override
    public byte[] encode(String hostname, int n, long[] timeMicros, long[] epcHi, long[] epcLo, int[] antenna,
                         int[] rssiCdbm) {
        sb.setLength(0);
        for (int i = 0; i < n; i++) {
            sb.append("{\"type\":\"SIMPLE\",\"timestamp\":\"");
            appendZebraTime(timeMicros[i], sb);
            sb.append("\",\"data\":{\"eventNum\":").append(++eventNum).append(",\"format\":\"epc\",\"idHex\":\"");
            int start = sb.length();
            Epc.appendHex(epcHi[i], epcLo[i], sb);
            for (int k = start; k < sb.length(); k++) {
                sb.setCharAt(k, Character.toLowerCase(sb.charAt(k)));
            }
            sb.append("\",\"antenna\":").append(antenna[i]).append(",\"peakRssi\":");
            appendTenthsOfDbm(rssiCdbm[i], sb);
            sb.append(",\"reads\":1}}");
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** dBm with one decimal from centi-dBm (rounded to a tenth). */
    static void appendTenthsOfDbm(int cdbm, StringBuilder sb) {
        int tenths = Math.round(cdbm / 10f);
        if (tenths < 0) {
            sb.append('-');
            tenths = -tenths;
        }
        sb.append(tenths / 10).append('.').append(tenths % 10);
    }

    /** {@code 2026-11-22T10:00:03.120+0000}: milliseconds, offset without a colon. */
    static void appendZebraTime(long micros, StringBuilder sb) {
        int start = sb.length();
        io.tagtrail.decode.IsoTimestamp.formatMicros(Math.floorDiv(micros, 1000) * 1000, sb);
        // formatMicros writes six fraction digits and Z: keep three, replace Z
        sb.setLength(sb.length() - 4);
        sb.append("+0000");
        assert sb.charAt(start + 19) == '.';
    }
}
