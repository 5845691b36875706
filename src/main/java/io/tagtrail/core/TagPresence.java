package io.tagtrail.core;

import java.util.Arrays;

/**
 * Presence state of one tag: the zone it is confirmed in, and the evidence for the zones competing for it.
 *
 * <p>Each candidate zone keeps an exponentially smoothed RSSI that fades once the zone goes unread, and a run of
 * "strong" reads (reads no weaker than the reference zone by more than the hysteresis margin, each within the
 * confirmation window of the previous one). A zone takes the tag over when its run has enough reads and its
 * smoothed RSSI beats the current zone's by the hysteresis margin; the visit is dated back to the run's first
 * read. Cross-reads by neighbouring antennas are weaker, so they break runs instead of building them.
 *
 * <p>A store tracks up to a million of these at once, so the state is packed. The candidate zones ("slots") share
 * one {@code long[]} that grows, up to {@code maxCandidates} slots, as zones are first read; slots are taken in
 * index order and never given back, so the slots in use are always a prefix. For {@code c} slots the array holds
 * {@code 3c + (c + 1) / 2} longs in four sections:
 * <pre>
 *   [0, c)             zone (high 32 bits) | smoothed RSSI as float bits (low 32 bits); a free slot has zone -1
 *   [c, 2c)            last read
 *   [2c, 3c)           first read of the current run of strong reads, or -1
 *   [3c, 3c + c/2 ...) reads in the run: slot 2k in the low and slot 2k + 1 in the high 32 bits of long 3c + k
 * </pre>
 * The trip's path is a byte array of varints (seven bits per byte, low bits first, the high bit set on every byte
 * but an entry's last).
 */
final class TagPresence {
    final long epcHi;
    final long epcLo;

    // intrusive links of the tracker's time-ordered lists
    TagPresence prev;
    TagPresence next;
    byte list;

    boolean excluded;
    int filterGeneration;

    int zone = -1;
    /**
     * While the tag is in a zone, when that visit began. Once the visit is closed, the last read in it (which the
     * next visit of the trip may not start before) until the next visit opens: see {@link #lastZoneReadMillis()}.
     */
    long enterMillis;
    int visitReads;
    long lastSeenMillis;

    boolean inTrip;
    long tripStartMillis;
    private byte[] path = EMPTY_PATH;
    private int pathBytes;

    private long[] slots = NO_SLOTS;

    private static final byte[] EMPTY_PATH = new byte[0];
    private static final long[] NO_SLOTS = new long[0];
    private static final long FREE_SLOT = -1L << 32;
    private static final long LOW_HALF = 0xFFFF_FFFFL;

    TagPresence(long epcHi, long epcLo) {
        this.epcHi = epcHi;
        this.epcLo = epcLo;
    }

    /**
     * Takes one read into account.
     *
     * @param readZone the read's zone, never negative
     * @return true when the read's zone should now become the tag's zone
     */
    boolean observe(int readZone, long t, double rssiDbm, PresenceConfig cfg, long agingGraceMillis,
                    long confirmWindowMillis) {
        int s = slotFor(readZone, t, cfg, agingGraceMillis);
        long[] a = slots;
        int c = capacity(a);
        // the reference zone: the current one, else the strongest rival; a read of the current zone is strong
        int ref = -1;
        double refEff = Double.NEGATIVE_INFINITY;
        boolean strong = true;
        if (readZone != zone) {
            ref = zone >= 0 ? indexOf(a, c, zone) : strongestOther(a, c, s, t, cfg, agingGraceMillis);
            if (ref >= 0) {
                refEff = effective(a, c, ref, t, cfg, agingGraceMillis);
                strong = rssiDbm >= refEff - cfg.hysteresisDb();
            }
        }

        long last = a[c + s];
        boolean continues = last != Long.MIN_VALUE && t - last <= confirmWindowMillis;
        float ema;
        if (continues) {
            ema = Float.intBitsToFloat((int) a[s]);
            ema += (float) (cfg.smoothingAlpha() * (rssiDbm - ema));
        } else {
            ema = (float) rssiDbm;
        }
        a[s] = (long) readZone << 32 | Float.floatToRawIntBits(ema) & LOW_HALF;
        int runWord = 3 * c + (s >> 1);
        int shift = (s & 1) << 5;
        int reads;
        if (strong) {
            if (a[2 * c + s] < 0 || !continues) {
                a[2 * c + s] = t;
                reads = 1;
            } else {
                reads = (int) (a[runWord] >> shift) + 1;
            }
        } else {
            a[2 * c + s] = -1;
            reads = 0;
        }
        a[runWord] = a[runWord] & ~(LOW_HALF << shift) | (reads & LOW_HALF) << shift;
        a[c + s] = t;

        if (readZone == zone) {
            visitReads++;
            return false;
        }
        if (reads < cfg.confirmReads()) {
            return false;
        }
        // only slot s changed since the reference was chosen, and it is not the reference: its figure still holds
        double eff = ema;
        if (zone >= 0) {
            return eff > refEff + cfg.hysteresisDb();
        }
        return ref < 0 || eff > refEff;
    }

    /**
     * The last read in the zone of the current visit, or, between visits, in the zone of the visit closed last. The
     * current zone's slot is never evicted, so while in a zone its slot's last read is that read.
     */
    long lastZoneReadMillis() {
        return zone >= 0 ? slots[capacity(slots) + indexOf(slots, capacity(slots), zone)] : enterMillis;
    }

    /** Ends the current visit: from now on {@link #enterMillis} holds the visit's last read. */
    void leaveZone() {
        enterMillis = lastZoneReadMillis();
        zone = -1;
    }

    /** First read of the current run of strong reads in a zone, or -1. */
    long runStart(int zoneIndex) {
        long[] a = slots;
        int c = capacity(a);
        int s = indexOf(a, c, zoneIndex);
        return s < 0 ? -1 : a[2 * c + s];
    }

    int runReads(int zoneIndex) {
        long[] a = slots;
        int c = capacity(a);
        int s = indexOf(a, c, zoneIndex);
        return s < 0 ? 0 : (int) (a[3 * c + (s >> 1)] >> ((s & 1) << 5));
    }

    /** Candidate slots allocated so far (in use or free). */
    int slotCapacity() {
        return capacity(slots);
    }

    void appendToPath(int zoneIndex) {
        int z = zoneIndex;
        while ((z & ~0x7F) != 0) {
            appendPathByte((byte) (z & 0x7F | 0x80));
            z >>>= 7;
        }
        appendPathByte((byte) z);
    }

    /** The zone last appended to the path; the path must not be empty. */
    int lastPathZone() {
        int i = pathBytes - 1;
        int z = path[i];
        while (i > 0 && path[i - 1] < 0) {
            i--;
            z = z << 7 | path[i] & 0x7F;
        }
        return z;
    }

    int[] pathCopy() {
        int n = 0;
        for (int i = 0; i < pathBytes; i++) {
            if (path[i] >= 0) {
                n++;
            }
        }
        int[] out = new int[n];
        int z = 0;
        int shift = 0;
        int k = 0;
        for (int i = 0; i < pathBytes; i++) {
            byte b = path[i];
            z |= (b & 0x7F) << shift;
            if (b >= 0) {
                out[k++] = z;
                z = 0;
                shift = 0;
            } else {
                shift += 7;
            }
        }
        return out;
    }

    /** Bytes allocated for the path, used or not. */
    int pathCapacity() {
        return path.length;
    }

    void resetTrip() {
        inTrip = false;
        path = EMPTY_PATH;
        pathBytes = 0;
    }

    private void appendPathByte(byte b) {
        if (pathBytes == path.length) {
            path = Arrays.copyOf(path, path.length + Math.max(8, path.length >> 1));
        }
        path[pathBytes++] = b;
    }

    /** Slots in an array of {@code 3c + (c + 1) / 2} longs. */
    private static int capacity(long[] a) {
        return 2 * a.length / 7;
    }

    private static int indexOf(long[] a, int c, int zoneIndex) {
        for (int s = 0; s < c; s++) {
            if ((int) (a[s] >> 32) == zoneIndex) {
                return s;
            }
        }
        return -1;
    }

    private static double effective(long[] a, int c, int s, long t, PresenceConfig cfg, long agingGraceMillis) {
        float ema = Float.intBitsToFloat((int) a[s]);
        long idle = t - a[c + s] - agingGraceMillis;
        return idle <= 0 ? ema : ema - cfg.agingDbPerSecond() * idle / 1000.0;
    }

    private static int strongestOther(long[] a, int c, int except, long t, PresenceConfig cfg,
                                      long agingGraceMillis) {
        int best = -1;
        double bestEff = Double.NEGATIVE_INFINITY;
        for (int s = 0; s < c; s++) {
            if (s != except && (int) (a[s] >> 32) >= 0) {
                double e = effective(a, c, s, t, cfg, agingGraceMillis);
                if (e > bestEff) {
                    bestEff = e;
                    best = s;
                }
            }
        }
        return best;
    }

    private int slotFor(int zoneIndex, long t, PresenceConfig cfg, long agingGraceMillis) {
        long[] a = slots;
        int c = capacity(a);
        int s = indexOf(a, c, zoneIndex);
        if (s >= 0) {
            return s;
        }
        int victim = -1;
        if ((c == 0 || (int) (a[c - 1] >> 32) >= 0) && c < cfg.maxCandidates()) {
            victim = c;
            a = growSlots(a, c, Math.min(cfg.maxCandidates(), Math.max(2, 2 * c)));
            c = capacity(a);
        } else {
            double weakest = Double.POSITIVE_INFINITY;
            for (int i = 0; i < c; i++) {
                int z = (int) (a[i] >> 32);
                if (z < 0) {
                    victim = i;
                    break;
                }
                if (z != zone) {
                    double e = effective(a, c, i, t, cfg, agingGraceMillis);
                    if (e < weakest) {
                        weakest = e;
                        victim = i;
                    }
                }
            }
        }
        a[victim] = (long) zoneIndex << 32;
        a[c + victim] = Long.MIN_VALUE;
        a[2 * c + victim] = -1;
        int runWord = 3 * c + (victim >> 1);
        int shift = (victim & 1) << 5;
        a[runWord] &= ~(LOW_HALF << shift);
        return victim;
    }

    private long[] growSlots(long[] a, int c, int capacity) {
        long[] b = new long[3 * capacity + (capacity + 1) / 2];
        System.arraycopy(a, 0, b, 0, c);
        Arrays.fill(b, c, capacity, FREE_SLOT);
        System.arraycopy(a, c, b, capacity, c);
        System.arraycopy(a, 2 * c, b, 2 * capacity, c);
        System.arraycopy(a, 3 * c, b, 3 * capacity, (c + 1) / 2);
        slots = b;
        return b;
    }
}
