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
 * index order and never given back, so the slots in use are always a prefix. Slots come in pairs of seven longs:
 * <pre>
 *   [ run reads of the odd slot (high 32 bits) | run reads of the even slot (low 32 bits),
 *     even slot: zone (high 32 bits) | smoothed RSSI as float bits (low 32 bits), last read, first read of the run,
 *     odd slot:  the same three ]
 * </pre>
 * and an odd last slot has only the first four. A free slot has zone -1. The trip's path is a byte array of
 * varints (seven bits per byte, low bits first, the high bit set on every byte but an entry's last).
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
        int ref = zone >= 0 ? slotIndex(zone) : strongestOther(s, t, cfg, agingGraceMillis);
        double refEff = ref < 0 ? Double.NEGATIVE_INFINITY : effective(ref, t, cfg, agingGraceMillis);
        boolean strong = readZone == zone || ref < 0 || rssiDbm >= refEff - cfg.hysteresisDb();

        int w = zoneWord(s);
        long last = slots[w + 1];
        boolean continues = last != Long.MIN_VALUE && t - last <= confirmWindowMillis;
        float ema = continues ? emaOf(w) : (float) rssiDbm;
        if (continues) {
            ema += (float) (cfg.smoothingAlpha() * (rssiDbm - ema));
        }
        slots[w] = (slots[w] & ~LOW_HALF) | (Float.floatToRawIntBits(ema) & LOW_HALF);
        int reads;
        if (strong) {
            if (slots[w + 2] < 0 || !continues) {
                slots[w + 2] = t;
                reads = 1;
            } else {
                reads = runReadsOf(s) + 1;
            }
        } else {
            slots[w + 2] = -1;
            reads = 0;
        }
        setRunReads(s, reads);
        slots[w + 1] = t;

        if (readZone == zone) {
            visitReads++;
            return false;
        }
        if (reads < cfg.confirmReads()) {
            return false;
        }
        double eff = ema;
        if (zone >= 0) {
            int cur = slotIndex(zone);
            return eff > effective(cur, t, cfg, agingGraceMillis) + cfg.hysteresisDb();
        }
        int rival = strongestOther(s, t, cfg, agingGraceMillis);
        return rival < 0 || eff > effective(rival, t, cfg, agingGraceMillis);
    }

    /**
     * The last read in the zone of the current visit, or, between visits, in the zone of the visit closed last. The
     * current zone's slot is never evicted, so while in a zone its slot's last read is that read.
     */
    long lastZoneReadMillis() {
        return zone >= 0 ? slots[zoneWord(slotIndex(zone)) + 1] : enterMillis;
    }

    /** Ends the current visit: from now on {@link #enterMillis} holds the visit's last read. */
    void leaveZone() {
        enterMillis = lastZoneReadMillis();
        zone = -1;
    }

    /** First read of the current run of strong reads in a zone, or -1. */
    long runStart(int zoneIndex) {
        int s = slotIndex(zoneIndex);
        return s < 0 ? -1 : slots[zoneWord(s) + 2];
    }

    int runReads(int zoneIndex) {
        int s = slotIndex(zoneIndex);
        return s < 0 ? 0 : runReadsOf(s);
    }

    /** Candidate slots allocated so far (in use or free). */
    int slotCapacity() {
        int n = slots.length;
        return 2 * (n / 7) + (n % 7 == 0 ? 0 : 1);
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

    /** Index of the long holding slot {@code s}'s zone and smoothed RSSI; its last read and run start follow. */
    private static int zoneWord(int s) {
        return 7 * (s >> 1) + 1 + 3 * (s & 1);
    }

    private int zoneOf(int s) {
        return (int) (slots[zoneWord(s)] >> 32);
    }

    private float emaOf(int w) {
        return Float.intBitsToFloat((int) slots[w]);
    }

    private int runReadsOf(int s) {
        return (int) (slots[7 * (s >> 1)] >> ((s & 1) << 5));
    }

    private void setRunReads(int s, int reads) {
        int w = 7 * (s >> 1);
        int shift = (s & 1) << 5;
        slots[w] = slots[w] & ~(LOW_HALF << shift) | (reads & LOW_HALF) << shift;
    }

    private double effective(int s, long t, PresenceConfig cfg, long agingGraceMillis) {
        int w = zoneWord(s);
        float ema = emaOf(w);
        long idle = t - slots[w + 1] - agingGraceMillis;
        return idle <= 0 ? ema : ema - cfg.agingDbPerSecond() * idle / 1000.0;
    }

    private int slotIndex(int zoneIndex) {
        for (int s = 0, n = slotCapacity(); s < n; s++) {
            if (zoneOf(s) == zoneIndex) {
                return s;
            }
        }
        return -1;
    }

    private int strongestOther(int except, long t, PresenceConfig cfg, long agingGraceMillis) {
        int best = -1;
        double bestEff = Double.NEGATIVE_INFINITY;
        for (int s = 0, n = slotCapacity(); s < n; s++) {
            if (s != except && zoneOf(s) >= 0) {
                double e = effective(s, t, cfg, agingGraceMillis);
                if (e > bestEff) {
                    bestEff = e;
                    best = s;
                }
            }
        }
        return best;
    }

    private int slotFor(int zoneIndex, long t, PresenceConfig cfg, long agingGraceMillis) {
        int s = slotIndex(zoneIndex);
        if (s >= 0) {
            return s;
        }
        int n = slotCapacity();
        int victim = -1;
        if ((n == 0 || zoneOf(n - 1) >= 0) && n < cfg.maxCandidates()) {
            victim = n;
            growSlots(Math.min(cfg.maxCandidates(), Math.max(2, 2 * n)));
        } else {
            double weakest = Double.POSITIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                int z = zoneOf(i);
                if (z < 0) {
                    victim = i;
                    break;
                }
                if (z != zone) {
                    double e = effective(i, t, cfg, agingGraceMillis);
                    if (e < weakest) {
                        weakest = e;
                        victim = i;
                    }
                }
            }
        }
        int w = zoneWord(victim);
        slots[w] = (long) zoneIndex << 32;
        slots[w + 1] = Long.MIN_VALUE;
        slots[w + 2] = -1;
        setRunReads(victim, 0);
        return victim;
    }

    private void growSlots(int capacity) {
        int old = slotCapacity();
        slots = Arrays.copyOf(slots, 7 * (capacity >> 1) + ((capacity & 1) == 0 ? 0 : 4));
        for (int s = old; s < capacity; s++) {
            slots[zoneWord(s)] = FREE_SLOT;
        }
    }
}
