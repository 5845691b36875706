package io.tagtrail.sim;

/**
 * Impinj IoT Device Interface {@code tagInventory} events, one JSON object per line (JSON Lines), as the service's
 * {@code ImpinjJsonDecoder} reads them.
 */
public final class ImpinjPayloadEncoder implements ReaderPayloadEncoder {
    private final PayloadBuffer out = new PayloadBuffer();

    @Override
    public String format() {
        return "impinj";
    }

    @Override
    public byte[] encode(String hostname, int from, int to, long[] timeMicros, long[] epcHi, long[] epcLo,
                         int[] antenna, int[] rssiCdbm) {
        out.clear();
        for (int i = from; i < to; i++) {
            out.ascii("{\"timestamp\":\"").isoMicros(timeMicros[i])
                    .ascii("\",\"hostname\":\"").ascii(hostname)
                    .ascii("\",\"eventType\":\"tagInventory\",\"tagInventoryEvent\":{\"epcHex\":\"")
                    .epcHex(epcHi[i], epcLo[i], true)
                    .ascii("\",\"antennaPort\":").number(antenna[i])
                    .ascii(",\"antennaName\":\"Antenna ").number(antenna[i])
                    .ascii("\",\"peakRssiCdbm\":").number(rssiCdbm[i])
                    .ascii(",\"lastSeenTime\":\"").isoMicros(timeMicros[i])
                    .ascii("\"}}\n");
        }
        return out.toByteArray();
    }
}
