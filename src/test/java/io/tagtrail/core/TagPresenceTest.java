package io.tagtrail.core;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class TagPresenceTest {
    private static final PresenceConfig DEFAULTS = PresenceConfig.DEFAULTS;

    private static PresenceConfig withCandidates(int maxCandidates) {
        PresenceConfig d = DEFAULTS;
        return new PresenceConfig(d.confirmReads(), d.confirmWindow(), d.hysteresisDb(), d.smoothingAlpha(),
                d.agingDbPerSecond(), d.agingGrace(), d.lostTimeout(), d.tripTimeout(), d.maxBackdate(),
                maxCandidates);
    }

    private static boolean read(TagPresence p, int zone, long t, double rssiDbm, PresenceConfig cfg) {
        return p.observe(zone, t, rssiDbm, cfg, cfg.agingGrace().toMillis(), cfg.confirmWindow().toMillis());
    }

    @Test
    void allocatesCandidateSlotsOnlyAsNewZonesAreRead() {
        TagPresence p = new TagPresence(1, 2);
        assertEquals(0, p.slotCapacity(), "nothing before the first read");
        read(p, 3, 1_000, -55, DEFAULTS);
        assertEquals(2, p.slotCapacity());
        read(p, 3, 1_100, -55, DEFAULTS);
        read(p, 4, 1_200, -70, DEFAULTS);
        assertEquals(2, p.slotCapacity(), "two zones fit in the first two slots");
        read(p, 5, 1_300, -70, DEFAULTS);
        assertEquals(4, p.slotCapacity());
        for (int z = 6; z < 20; z++) {
            read(p, z, 1_300 + z, -70, DEFAULTS);
        }
        assertEquals(4, p.slotCapacity(), "never more than presence.max-candidates");

        PresenceConfig three = withCandidates(3);
        TagPresence q = new TagPresence(1, 3);
        for (int z = 0; z < 10; z++) {
            read(q, z, 1_000 + z, -60, three);
            assertEquals(z < 2 ? 2 : 3, q.slotCapacity(), "after zone " + z);
        }

        PresenceConfig sixteen = withCandidates(16);
        TagPresence r = new TagPresence(1, 4);
        int[] expected = {2, 2, 4, 4, 8, 8, 8, 8, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16};
        for (int z = 0; z < expected.length; z++) {
            read(r, z, 1_000 + z, -60, sixteen);
            assertEquals(expected[z], r.slotCapacity(), "after zone " + z);
        }
    }

    @Test
    void confirmsAZoneAndKeepsItsRunWhileOtherZonesTakeSlots() {
        TagPresence p = new TagPresence(1, 2);
        assertEquals(false, read(p, 7, 10_000, -50, DEFAULTS), "one read is not enough");
        assertEquals(true, read(p, 7, 10_400, -50, DEFAULTS));
        p.enterZone(7, 10_000);
        assertEquals(10_000, p.runStart(7));
        assertEquals(2, p.runReads(7));
        assertEquals(2, p.visitReads(), "the visit starts with the run's reads");
        // weak cross-reads of neighbours fill the other slots and evict each other, never the current zone
        for (int i = 0; i < 40; i++) {
            assertEquals(false, read(p, 100 + i % 9, 10_500 + 10 * i, -75, DEFAULTS));
        }
        assertEquals(10_000, p.runStart(7));
        assertEquals(2, p.runReads(7));
        assertEquals(-1, p.runStart(100), "evicted");
        assertEquals(0, p.runReads(100));
        assertEquals(-1, p.runStart(101), "kept, but a weak read breaks the run");
        assertEquals(0, p.runReads(101));
        read(p, 7, 11_000, -51, DEFAULTS);
        assertEquals(3, p.runReads(7));
        assertEquals(3, p.visitReads());
        assertEquals(11_000, p.lastZoneReadMillis());
        read(p, 7, 20_000, -51, DEFAULTS);
        assertEquals(1, p.runReads(7), "a gap longer than the confirm window starts a new run");
        assertEquals(4, p.visitReads(), "but the visit goes on counting");
        p.leaveZone();
        assertEquals(-1, p.zone);
        assertEquals(20_000, p.lastZoneReadMillis(), "kept after the visit closed");
        read(p, 7, 20_500, -51, DEFAULTS);
        assertEquals(20_000, p.lastZoneReadMillis(), "a read after the visit is not a read in it");
    }

    @Test
    void pathGivesBackZonesOfEveryWidthInOrder() {
        int[] zones = {0, 0, 1, 126, 127, 128, 5, 16_383, 16_384, 2_097_151, 2_097_152, 268_435_455, 268_435_456,
                Integer.MAX_VALUE, 3, 255, 256, 0};
        TagPresence p = new TagPresence(1, 2);
        assertArrayEquals(new int[0], p.pathCopy());
        for (int i = 0; i < zones.length; i++) {
            p.appendToPath(zones[i]);
            assertEquals(zones[i], p.lastPathZone(), "entry " + i);
            assertArrayEquals(Arrays.copyOf(zones, i + 1), p.pathCopy(), "entry " + i);
        }
        Random random = new Random(3);
        int[] many = new int[1_000];
        for (int i = 0; i < many.length; i++) {
            many[i] = random.nextInt(1 << random.nextInt(31));
            p.appendToPath(many[i]);
            assertEquals(many[i], p.lastPathZone());
        }
        int[] all = p.pathCopy();
        assertArrayEquals(zones, Arrays.copyOf(all, zones.length));
        assertArrayEquals(many, Arrays.copyOfRange(all, zones.length, all.length));
    }

    @Test
    void smallZoneIndicesTakeOneByteOfPathEach() {
        TagPresence p = new TagPresence(1, 2);
        assertEquals(0, p.pathCapacity(), "no path before the first visit");
        int[] expected = new int[40];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = (i * 7) % 17;
            p.appendToPath(expected[i]);
            if (i + 1 == 8 || i + 1 == 16 || i + 1 == 24) {
                assertEquals(i + 1, p.pathCapacity(), "one byte for each of " + (i + 1) + " zones");
            }
        }
        assertArrayEquals(expected, p.pathCopy());
        p.inTrip = true;
        p.resetTrip();
        assertEquals(0, p.pathCapacity(), "a new trip starts without a path");
        assertArrayEquals(new int[0], p.pathCopy());
        p.appendToPath(128);
        assertEquals(8, p.pathCapacity());
        assertArrayEquals(new int[] {128}, p.pathCopy());
    }

    @Test
    void packedSlotsDecideExactlyAsOneArrayPerField() {
        Random random = new Random(11);
        int[] zones = {0, 1, 2, 3, 4, 5, 6, 7, 16, 127, 128, 40_000, Integer.MAX_VALUE - 1};
        for (int trial = 0; trial < 400; trial++) {
            PresenceConfig cfg = new PresenceConfig(1 + random.nextInt(4), Duration.ofMillis(100 + random.nextInt(3000)),
                    random.nextInt(7), 0.05 + 0.95 * random.nextDouble(), 4 * random.nextDouble(),
                    Duration.ofMillis(random.nextInt(2000)), Duration.ofSeconds(10), Duration.ofMinutes(5),
                    Duration.ofSeconds(10), 2 + random.nextInt(15));
            long grace = cfg.agingGrace().toMillis();
            long window = cfg.confirmWindow().toMillis();
            int universe = 2 + random.nextInt(zones.length - 1);
            TagPresence packed = new TagPresence(1, trial);
            ParallelArrays reference = new ParallelArrays(cfg.maxCandidates());
            long t = random.nextBoolean() ? -20_000 : 1_795_000_000_000L;
            for (int step = 0; step < 3_000; step++) {
                t += random.nextInt(10) == 0 ? random.nextInt(12_000) : random.nextInt(400);
                int zone = zones[random.nextInt(universe)];
                double rssi = -45 - random.nextInt(40) - random.nextDouble();
                String at = "trial " + trial + " step " + step;
                boolean takes = read(packed, zone, t, rssi, cfg);
                assertEquals(reference.observe(zone, t, rssi, cfg, grace, window), takes, at);
                if (takes) {
                    packed.enterZone(zone, t);
                    reference.zone = zone;
                    reference.visitReads = reference.runReads(zone);
                    reference.lastZoneRead = t;
                } else if (packed.zone >= 0 && random.nextInt(500) == 0) {
                    packed.leaveZone();
                    reference.zone = -1;
                }
                if (packed.zone >= 0) {
                    assertEquals(reference.visitReads, packed.visitReads(), at);
                }
                assertEquals(reference.lastZoneRead, packed.lastZoneReadMillis(), at);
                for (int z : zones) {
                    assertEquals(reference.runStart(z), packed.runStart(z), at + " zone " + z);
                    assertEquals(reference.runReads(z), packed.runReads(z), at + " zone " + z);
                }
            }
        }
    }

    /** The same rules over one array per field, as a reference for the packed layout. */
    private static final class ParallelArrays {
        int zone = -1;
        int visitReads;
        long lastZoneRead;
        final int[] slotZone;
        final float[] slotEma;
        final long[] slotLast;
        final long[] slotRunStart;
        final int[] slotRunReads;

        ParallelArrays(int candidates) {
            slotZone = new int[candidates];
            Arrays.fill(slotZone, -1);
            slotEma = new float[candidates];
            slotLast = new long[candidates];
            slotRunStart = new long[candidates];
            slotRunReads = new int[candidates];
        }

        boolean observe(int readZone, long t, double rssiDbm, PresenceConfig cfg, long grace, long window) {
            int s = slotFor(readZone, t, cfg, grace);
            int ref = zone >= 0 ? slotIndex(zone) : strongestOther(s, t, cfg, grace);
            double refEff = ref < 0 ? Double.NEGATIVE_INFINITY : effective(ref, t, cfg, grace);
            boolean strong = readZone == zone || ref < 0 || rssiDbm >= refEff - cfg.hysteresisDb();
            if (slotLast[s] == Long.MIN_VALUE || t - slotLast[s] > window) {
                slotEma[s] = (float) rssiDbm;
            } else {
                slotEma[s] += (float) (cfg.smoothingAlpha() * (rssiDbm - slotEma[s]));
            }
            if (strong) {
                if (slotRunStart[s] < 0 || slotLast[s] == Long.MIN_VALUE || t - slotLast[s] > window) {
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
                visitReads++;
                lastZoneRead = t;
                return false;
            }
            if (slotRunReads[s] < cfg.confirmReads()) {
                return false;
            }
            double eff = slotEma[s];
            if (zone >= 0) {
                return eff > effective(slotIndex(zone), t, cfg, grace) + cfg.hysteresisDb();
            }
            int rival = strongestOther(s, t, cfg, grace);
            return rival < 0 || eff > effective(rival, t, cfg, grace);
        }

        long runStart(int z) {
            int s = slotIndex(z);
            return s < 0 ? -1 : slotRunStart[s];
        }

        int runReads(int z) {
            int s = slotIndex(z);
            return s < 0 ? 0 : slotRunReads[s];
        }

        double effective(int s, long t, PresenceConfig cfg, long grace) {
            long idle = t - slotLast[s] - grace;
            return idle <= 0 ? slotEma[s] : slotEma[s] - cfg.agingDbPerSecond() * idle / 1000.0;
        }

        int slotIndex(int z) {
            for (int i = 0; i < slotZone.length; i++) {
                if (slotZone[i] == z) {
                    return i;
                }
            }
            return -1;
        }

        int strongestOther(int except, long t, PresenceConfig cfg, long grace) {
            int best = -1;
            double bestEff = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < slotZone.length; i++) {
                if (i != except && slotZone[i] >= 0) {
                    double e = effective(i, t, cfg, grace);
                    if (e > bestEff) {
                        bestEff = e;
                        best = i;
                    }
                }
            }
            return best;
        }

        int slotFor(int z, long t, PresenceConfig cfg, long grace) {
            int s = slotIndex(z);
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
                    double e = effective(i, t, cfg, grace);
                    if (e < weakest) {
                        weakest = e;
                        victim = i;
                    }
                }
            }
            slotZone[victim] = z;
            slotEma[victim] = 0;
            slotLast[victim] = Long.MIN_VALUE;
            slotRunStart[victim] = -1;
            slotRunReads[victim] = 0;
            return victim;
        }
    }
}
