package io.tagtrail.sim;

/** Writes a batch of one reader's reads in a reader vendor's MQTT payload format. */
public interface ReaderPayloadEncoder {
    /** The format's name: impinj, zebra, llrp. */
    String format();

    /**
     * Encodes the reads {@code from} (inclusive) to {@code to} (exclusive) of the arrays as one message.
     *
     * @param hostname the reader's hostname
     */
    byte[] encode(String hostname, int from, int to, long[] timeMicros, long[] epcHi, long[] epcLo, int[] antenna,
                  int[] rssiCdbm);

    /** Encodes the first {@code n} reads of the arrays as one message. */
    default byte[] encode(String hostname, int n, long[] timeMicros, long[] epcHi, long[] epcLo, int[] antenna,
                          int[] rssiCdbm) {
        return encode(hostname, 0, n, timeMicros, epcHi, epcLo, antenna, rssiCdbm);
    }
}
