package io.tagtrail.sim;

/**
 * Zebra IoT Connector tag data events, several concatenated in one message without a separator (as the connector
 * streams them), timestamps with milliseconds and a {@code +0000} offset, {@code idHex} in lower case.
 */
public final class ZebraPayloadEncoder implements ReaderPayloadEncoder {
    private final PayloadBuffer out = new PayloadBuffer();
    private long eventNum;

    @Override
    public String format() {
        return "zebra";
    }

    @Override
    public byte[] encode(String hostname, int from, int to, long[] timeMicros, long[] epcHi, long[] epcLo,
                         int[] antenna, int[] rssiCdbm) {
        out.clear();
        for (int i = from; i < to; i++) {
            long micros = timeMicros[i];
            out.ascii("{\"type\":\"SIMPLE\",\"timestamp\":\"").isoSecond(micros).ch('.')
                    .padded(Math.floorMod(micros, 1_000_000L) / 1000, 3).ascii("+0000")
                    .ascii("\",\"data\":{\"eventNum\":").number(++eventNum)
                    .ascii(",\"format\":\"epc\",\"idHex\":\"").epcHex(epcHi[i], epcLo[i], false)
                    .ascii("\",\"antenna\":").number(antenna[i]).ascii(",\"peakRssi\":");
            appendTenthsOfDbm(rssiCdbm[i]);
            out.ascii(",\"reads\":1}}");
        }
        return out.toByteArray();
    }

    /** dBm with one decimal from centi-dBm (rounded to a tenth). */
    private void appendTenthsOfDbm(int cdbm) {
        int tenths = Math.round(cdbm / 10f);
        if (tenths < 0) {
            out.ch('-');
            tenths = -tenths;
        }
        out.number(tenths / 10).ch('.').number(tenths % 10);
    }
}
