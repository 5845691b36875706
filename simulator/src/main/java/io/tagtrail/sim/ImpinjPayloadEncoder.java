package io.tagtrail.sim;

import io.tagtrail.decode.IsoTimestamp;
import io.tagtrail.model.Epc;

import java.nio.charset.StandardCharsets;

/**
 * Impinj IoT Device Interface {@code tagInventory} events, one JSON object per line (JSON Lines), as the service's
 * {@code ImpinjJsonDecoder} reads them.
 */
public final class ImpinjPayloadEncoder implements ReaderPayloadEncoder {
    private final StringBuilder sb = new StringBuilder(16_384);

    @Override
    public String format() {
        return "impinj";
    }

    @Override
    public byte[] encode(String hostname, int n, long[] timeMicros, long[] epcHi, long[] epcLo, int[] antenna,
                         int[] rssiCdbm) {
        sb.setLength(0);
        for (int i = 0; i < n; i++) {
            sb.append("{\"timestamp\":\"");
            IsoTimestamp.formatMicros(timeMicros[i], sb);
            sb.append("\",\"hostname\":\"").append(hostname)
                    .append("\",\"eventType\":\"tagInventory\",\"tagInventoryEvent\":{\"epcHex\":\"");
            Epc.appendHex(epcHi[i], epcLo[i], sb);
            sb.append("\",\"antennaPort\":").append(antenna[i])
                    .append(",\"antennaName\":\"Antenna ").append(antenna[i])
                    .append("\",\"peakRssiCdbm\":").append(rssiCdbm[i])
                    .append(",\"lastSeenTime\":\"");
            IsoTimestamp.formatMicros(timeMicros[i], sb);
            sb.append("\"}}\n");
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
