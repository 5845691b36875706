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
 * index order and never given back, so the slots in use are always a prefix. Slot {@code s} is four longs:
 * <pre>
 *   4s      zone (high 32 bits) | smoothed RSSI as float bits (low 32 bits); a free slot has zone -1
 *   4s + 1  last read
 *   4s + 2  first read of the current run of strong reads, or -1
 *   4s + 3  reads of the current visit, if this is the current zone's slot (high 32 bits) | reads in the run (low)
 * </pre>
 * The current zone's slot is never evicted, so it holds the visit's read count and last read for as long as the
 * visit lasts. The trip's path is a byte array of varints of zone index + 1 (seven bits per byte, low bits first,
 * the high bit set on every byte but an entry's last): no byte of an entry is zero, so the path ends where the
 * array's zero padding begins.
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
    long lastSeenMillis;

    boolean inTrip;
    long tripStartMillis;
    private byte[] path = EMPTY_PATH;

    private long[] slots = NO_SLOTS;

    private static final byte[] EMPTY_PATH = new byte[0];
    private static final long[] NO_SLOTS = new long[0];
    private static final long FREE_SLOT = -1L << 32;
    private static final long LOW_HALF = 0xFFFF_FFFFL;
    private static final long ONE_VISIT_READ = 1L << 32;

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
        // the reference zone: the current one, else the strongest rival; a read of the current zone is strong
        int ref = -1;
        double refEff = Double.NEGATIVE_INFINITY;
        boolean strong = true;
        if (readZone != zone) {
            ref = zone >= 0 ? indexOf(a, zone) : strongestOther(a, s, t, cfg, agingGraceMillis);
            if (ref >= 0) {
                refEff = effective(a, ref, t, cfg, agingGraceMillis);
                strong = rssiDbm >= refEff - cfg.hysteresisDb();
            }
        }

        int w = 4 * s;
        long last = a[w + 1];
        boolean continues = last != Long.MIN_VALUE && t - last <= confirmWindowMillis;
        float ema;
        if (continues) {
            ema = Float.intBitsToFloat((int) a[w]);
            ema += (float) (cfg.smoothingAlpha() * (rssiDbm - ema));
        } else {
            ema = (float) rssiDbm;
        }
        a[w] = (long) readZone << 32 | Float.floatToRawIntBits(ema) & LOW_HALF;
        int reads;
        if (strong) {
            if (a[w + 2] < 0 || !continues) {
                a[w + 2] = t;
                reads = 1;
            } else {
                reads = (int) a[w + 3] + 1;
            }
        } else {
            a[w + 2] = -1;
            reads = 0;
        }
        long visitReads = a[w + 3] & ~LOW_HALF;
        a[w + 1] = t;

        if (readZone == zone) {
            a[w + 3] = visitReads + ONE_VISIT_READ | reads & LOW_HALF;
            return false;
        }
        a[w + 3] = visitReads | reads & LOW_HALF;
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
     * Starts a visit of a zone that {@link #observe} has just confirmed: the visit counts the reads of the run
     * that confirmed it.
     */
    void enterZone(int zoneIndex, long enterMillis) {
        int w = 4 * indexOf(slots, zoneIndex) + 3;
        slots[w] = slots[w] << 32 | slots[w] & LOW_HALF;
        zone = zoneIndex;
        this.enterMillis = enterMillis;
    }

    /** Reads of the current visit; the tag must be in a zone. */
    int visitReads() {
        return (int) (slots[4 * indexOf(slots, zone) + 3] >>> 32);
    }

    /**
     * The last read in the zone of the current visit, or, between visits, in the zone of the visit closed last.
     */
    long lastZoneReadMillis() {
        return zone >= 0 ? slots[4 * indexOf(slots, zone) + 1] : enterMillis;
    }

    /** Ends the current visit: from now on {@link #enterMillis} holds the visit's last read. */
    void leaveZone() {
        enterMillis = lastZoneReadMillis();
        zone = -1;
    }

    /** First read of the current run of strong reads in a zone, or -1. */
    long runStart(int zoneIndex) {
        int s = indexOf(slots, zoneIndex);
        return s < 0 ? -1 : slots[4 * s + 2];
    }

    int runReads(int zoneIndex) {
        int s = indexOf(slots, zoneIndex);
        return s < 0 ? 0 : (int) slots[4 * s + 3];
    }

    /** Candidate slots allocated so far (in use or free). */
    int slotCapacity() {
        return slots.length >> 2;
    }

    void appendToPath(int zoneIndex) {
        int end = pathEnd();
        int v = zoneIndex + 1;
        while ((v & ~0x7F) != 0) {
            end = appendPathByte(end, (byte) (v & 0x7F | 0x80));
            v >>>= 7;
        }
        appendPathByte(end, (byte) v);
    }

    /** The zone last appended to the path; the path must not be empty. */
    int lastPathZone() {
        int i = pathEnd() - 1;
        int v = path[i];
        while (i > 0 && path[i - 1] < 0) {
            i--;
            v = v << 7 | path[i] & 0x7F;
        }
        return v - 1;
    }

    int[] pathCopy() {
        int end = pathEnd();
        int n = 0;
        for (int i = 0; i < end; i++) {
            if (path[i] >= 0) {
                n++;
            }
        }
        int[] out = new int[n];
        int v = 0;
        int shift = 0;
        int k = 0;
        for (int i = 0; i < end; i++) {
            byte b = path[i];
            v |= (b & 0x7F) << shift;
            if (b >= 0) {
                out[k++] = v - 1;
                v = 0;
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
    }

    private int pathEnd() {
        int end = path.length;
        while (end > 0 && path[end - 1] == 0) {
            end--;
        }
        return end;
    }

    private int appendPathByte(int end, byte b) {
        if (end == path.length) {
            path = Arrays.copyOf(path, path.length + Math.max(8, path.length >> 1));
        }
        path[end] = b;
        return end + 1;
    }

    private static int indexOf(long[] a, int zoneIndex) {
        for (int w = 0; w < a.length; w += 4) {
            if ((int) (a[w] >> 32) == zoneIndex) {
                return w >> 2;
            }
        }
        return -1;
    }

    private static double effective(long[] a, int s, long t, PresenceConfig cfg, long agingGraceMillis) {
        float ema = Float.intBitsToFloat((int) a[4 * s]);
        long idle = t - a[4 * s + 1] - agingGraceMillis;
        return idle <= 0 ? ema : ema - cfg.agingDbPerSecond() * idle / 1000.0;
    }

    private static int strongestOther(long[] a, int except, long t, PresenceConfig cfg, long agingGraceMillis) {
        int best = -1;
        double bestEff = Double.NEGATIVE_INFINITY;
        for (int s = 0, c = a.length >> 2; s < c; s++) {
            if (s != except && (int) (a[4 * s] >> 32) >= 0) {
                double e = effective(a, s, t, cfg, agingGraceMillis);
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
        int s = indexOf(a, zoneIndex);
        if (s >= 0) {
            return s;
        }
        int c = a.length >> 2;
        int victim = -1;
        if ((c == 0 || (int) (a[4 * c - 4] >> 32) >= 0) && c < cfg.maxCandidates()) {
            victim = c;
            a = growSlots(a, c, Math.min(cfg.maxCandidates(), Math.max(2, 2 * c)));
        } else {
            double weakest = Double.POSITIVE_INFINITY;
            for (int i = 0; i < c; i++) {
                int z = (int) (a[4 * i] >> 32);
                if (z < 0) {
                    victim = i;
                    break;
                }
                if (z != zone) {
                    double e = effective(a, i, t, cfg, agingGraceMillis);
                    if (e < weakest) {
                        weakest = e;
                        victim = i;
                    }
                }
            }
        }
        int w = 4 * victim;
        a[w] = (long) zoneIndex << 32;
        a[w + 1] = Long.MIN_VALUE;
        a[w + 2] = -1;
        a[w + 3] = 0;
        return victim;
    }

    private long[] growSlots(long[] a, int c, int capacity) {
        long[] b = Arrays.copyOf(a, 4 * capacity);
        for (int s = c; s < capacity; s++) {
            b[4 * s] = FREE_SLOT;
        }
        slots = b;
        return b;
    }
}
