package io.tagtrail.model;

/**
 * One report of one tag by one antenna. Mutable so that a decoder can fill one instance per read without
 * intermediate objects; once handed to a pipeline it is owned by that pipeline and never changed again.
 */
public final class TagRead {
    /** Reader timestamp (event time), microseconds since the epoch. */
    public long timeMicros;
    public long epcHi;
    public long epcLo;
    /** Dense reader index within the store layout; -1 until resolved. */
    public int readerIndex = -1;
    public int antenna;
    /** Peak RSSI in centi-dBm (-5600 is -56.00 dBm). */
    public int rssiCdbm;
    /** How many times the reader saw the tag in this report (1 when the format does not say). */
    public int readCount = 1;
    /** Dense zone index, filled by the zone resolver; -1 until resolved. */
    public int zoneIndex = -1;

    /** A read as a decoder reports it: reader and zone not yet resolved. */
    public static TagRead reported(long timeMicros, long epcHi, long epcLo, int antenna, int rssiCdbm,
                                   int readCount) {
        TagRead r = new TagRead();
        r.timeMicros = timeMicros;
        r.epcHi = epcHi;
        r.epcLo = epcLo;
        r.antenna = antenna;
        r.rssiCdbm = rssiCdbm;
        r.readCount = readCount;
        return r;
    }

    public long timeMillis() {
        return Math.floorDiv(timeMicros, 1000L);
    }

    public TagRead copy() {
        TagRead r = reported(timeMicros, epcHi, epcLo, antenna, rssiCdbm, readCount);
        r.readerIndex = readerIndex;
        r.zoneIndex = zoneIndex;
        return r;
    }

    @Override
    public String toString() {
        return "TagRead{" + Epc.toHex(epcHi, epcLo) + " t=" + timeMicros + "us reader=" + readerIndex
                + " ant=" + antenna + " rssi=" + rssiCdbm + "cdBm zone=" + zoneIndex + '}';
    }
}
