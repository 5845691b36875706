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
    long enterMillis;
    long lastZoneReadMillis;
    int visitReads;
    long lastSeenMillis;

    boolean inTrip;
    long tripStartMillis;
    int[] path = EMPTY_PATH;
    int pathLength;

    private final int[] slotZone;
    private final float[] slotEma;
    private final long[] slotLast;
    private final long[] slotRunStart;
    private final int[] slotRunReads;

    private static final int[] EMPTY_PATH = new int[0];

    TagPresence(long epcHi, long epcLo, int candidates) {
        this.epcHi = epcHi;
        this.epcLo = epcLo;
        slotZone = new int[candidates];
        Arrays.fill(slotZone, -1);
        slotEma = new float[candidates];
        slotLast = new long[candidates];
        slotRunStart = new long[candidates];
        slotRunReads = new int[candidates];
    }

    /**
     * Takes one read into account.
     *
     * @return true when the read's zone should now become the tag's zone
     */
    boolean observe(int readZone, long t, double rssiDbm, PresenceConfig cfg, long agingGraceMillis,
                    long confirmWindowMillis) {
        int s = slotFor(readZone, t, cfg, agingGraceMillis);
        int ref = zone >= 0 ? slotIndex(zone) : strongestOther(s, t, cfg, agingGraceMillis);
        double refEff = ref < 0 ? Double.NEGATIVE_INFINITY : effective(ref, t, cfg, agingGraceMillis);
        boolean strong = readZone == zone || ref < 0 || rssiDbm >= refEff - cfg.hysteresisDb();

        if (slotLast[s] == Long.MIN_VALUE || t - slotLast[s] > confirmWindowMillis) {
            slotEma[s] = (float) rssiDbm;
        } else {
            slotEma[s] += (float) (cfg.smoothingAlpha() * (rssiDbm - slotEma[s]));
        }
        if (strong) {
            if (slotRunStart[s] < 0 || slotLast[s] == Long.MIN_VALUE || t - slotLast[s] > confirmWindowMillis) {
                slotRunStart[s] = t;
                slotRunReads[s] = 1;
            } else {
                slotRunReads[s]++;
            }
        } else {
            slotRunStart[s] = -1;
            slotRunReads[s] = 0;
        }
        slotLast[s] = t;

        if (readZone == zone) {
            lastZoneReadMillis = t;
            visitReads++;
            return false;
        }
        if (slotRunReads[s] < cfg.confirmReads()) {
            return false;
        }
        double eff = slotEma[s];
        if (zone >= 0) {
            int cur = slotIndex(zone);
            return eff > effective(cur, t, cfg, agingGraceMillis) + cfg.hysteresisDb();
        }
        int rival = strongestOther(s, t, cfg, agingGraceMillis);
        return rival < 0 || eff > effective(rival, t, cfg, agingGraceMillis);
    }

    /** First read of the current run of strong reads in a zone, or -1. */
    long runStart(int zoneIndex) {
        int s = slotIndex(zoneIndex);
        return s < 0 ? -1 : slotRunStart[s];
    }

    int runReads(int zoneIndex) {
        int s = slotIndex(zoneIndex);
        return s < 0 ? 0 : slotRunReads[s];
    }

    void appendToPath(int zoneIndex) {
        if (pathLength == path.length) {
            path = Arrays.copyOf(path, Math.max(8, path.length * 2));
        }
        path[pathLength++] = zoneIndex;
    }

    int[] pathCopy() {
        return Arrays.copyOf(path, pathLength);
    }

    void resetTrip() {
        inTrip = false;
        path = EMPTY_PATH;
        pathLength = 0;
    }

    private double effective(int s, long t, PresenceConfig cfg, long agingGraceMillis) {
        long idle = t - slotLast[s] - agingGraceMillis;
        return idle <= 0 ? slotEma[s] : slotEma[s] - cfg.agingDbPerSecond() * idle / 1000.0;
    }

    private int slotIndex(int zoneIndex) {
        for (int i = 0; i < slotZone.length; i++) {
            if (slotZone[i] == zoneIndex) {
                return i;
            }
        }
        return -1;
    }

    private int strongestOther(int except, long t, PresenceConfig cfg, long agingGraceMillis) {
        int best = -1;
        double bestEff = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < slotZone.length; i++) {
            if (i != except && slotZone[i] >= 0) {
                double e = effective(i, t, cfg, agingGraceMillis);
                if (e > bestEff) {
                    bestEff = e;
                    best = i;
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
        int victim = -1;
        double weakest = Double.POSITIVE_INFINITY;
        for (int i = 0; i < slotZone.length; i++) {
            if (slotZone[i] < 0) {
                victim = i;
                break;
            }
            if (slotZone[i] != zone) {
                double e = effective(i, t, cfg, agingGraceMillis);
                if (e < weakest) {
                    weakest = e;
                    victim = i;
                }
            }
        }
        slotZone[victim] = zoneIndex;
        slotEma[victim] = 0;
        slotLast[victim] = Long.MIN_VALUE;
        slotRunStart[victim] = -1;
        slotRunReads[victim] = 0;
        return victim;
    }
}
