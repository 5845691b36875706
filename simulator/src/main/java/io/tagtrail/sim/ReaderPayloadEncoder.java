package io.tagtrail.sim;

/** Writes a batch of one reader's reads in a reader vendor's MQTT payload format. */
public interface ReaderPayloadEncoder {
    /** The format's name: impinj, zebra, llrp. */
    String format();

    /**
     * @param hostname the reader's hostname
     * @param n        how many reads of the arrays to encode
     */
    byte[] encode(String hostname, int n, long[] timeMicros, long[] epcHi, long[] epcLo, int[] antenna,
                  int[] rssiCdbm);
}
