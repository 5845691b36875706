package io.tagtrail.core;

import io.tagtrail.model.TagRead;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReorderBufferTest {
    private static final long S = 1_000_000L; // one second in micros

    private final List<TagRead> released = new ArrayList<>();
    private final ReorderBuffer buffer = new ReorderBuffer(EventTimeConfig.DEFAULTS); // lateness 2 s, idle 5 s

    private static TagRead read(int reader, long timeMicros) {
        return read(reader, timeMicros, 0x2D00000000000000L, 1, 1, -5500);
    }

    private static TagRead read(int reader, long timeMicros, long epcHi, long epcLo, int antenna, int rssiCdbm) {
        TagRead r = TagRead.reported(timeMicros, epcHi, epcLo, antenna, rssiCdbm, 1);
        r.readerIndex = reader;
        return r;
    }

    private boolean offer(TagRead r) {
        return buffer.offer(r, released::add);
    }

    private List<Long> releasedTimes() {
        return released.stream().map(r -> r.timeMicros).toList();
    }

    @Test
    void holdsReadsUntilTheyAreAllowedLatenessBehindTheWatermark() {
        assertEquals(Long.MIN_VALUE, buffer.watermarkMicros());
        assertTrue(offer(read(0, 10 * S)));
        assertEquals(10 * S, buffer.watermarkMicros());
        assertEquals(8 * S, buffer.releasedUpToMicros());
        assertEquals(List.of(), released);
        assertTrue(offer(read(0, 11 * S)));
        assertTrue(offer(read(0, 12 * S - 1)));
        assertEquals(List.of(), released, "10 s is not yet 2 s behind 12 s - 1 us");
        assertTrue(offer(read(0, 12 * S)));
        assertEquals(List.of(10 * S), releasedTimes());
        assertEquals(3, buffer.pending());
        assertEquals(12 * S, buffer.newestMicros());
    }

    @Test
    void storeWatermarkIsTheSlowestActiveReader() {
        offer(read(0, 10 * S));
        offer(read(1, 9 * S + S / 2));
        assertEquals(9 * S + S / 2, buffer.watermarkMicros());
        offer(read(0, 12 * S));
        assertEquals(9 * S + S / 2, buffer.watermarkMicros(), "reader 1 is 2.5 s behind, not idle");
        assertEquals(List.of(), released);
        offer(read(1, 12 * S));
        assertEquals(12 * S, buffer.watermarkMicros());
        assertEquals(List.of(9 * S + S / 2, 10 * S), releasedTimes());
    }

    @Test
    void excludesIdleReadersFromTheWatermark() {
        offer(read(0, 10 * S));
        offer(read(1, 9 * S + S / 2));
        offer(read(0, 12 * S));
        offer(read(0, 14 * S + S / 2 - 1));
        assertEquals(9 * S + S / 2, buffer.watermarkMicros(), "reader 1 is just under 5 s behind");
        assertEquals(List.of(), released);
        offer(read(0, 15 * S));
        assertEquals(15 * S, buffer.watermarkMicros(), "reader 1 is more than the idle timeout behind");
        assertEquals(13 * S, buffer.releasedUpToMicros());
        assertEquals(List.of(9 * S + S / 2, 10 * S, 12 * S), releasedTimes());
    }

    @Test
    void aReaderThatNeverReportedDoesNotHoldTheStoreBack() {
        offer(read(3, 10 * S));
        offer(read(3, 13 * S));
        assertEquals(13 * S, buffer.watermarkMicros());
        assertEquals(List.of(10 * S), releasedTimes());
    }

    @Test
    void refusesReadsAtOrBeforeTheReleasedBound() {
        offer(read(0, 10 * S));
        offer(read(0, 15 * S));
        assertEquals(13 * S, buffer.releasedUpToMicros());
        TagRead late = read(1, 13 * S);
        assertFalse(offer(late), "exactly at the released bound");
        assertFalse(offer(read(1, 12 * S)));
        assertTrue(offer(read(1, 13 * S + 1)), "just after the released bound");
        assertEquals(List.of(10 * S), releasedTimes(), "late reads are never released");
        assertEquals(13 * S, buffer.releasedUpToMicros(), "a behind reader never moves the bound back");
    }

    @Test
    void releasesInTotalOrderOfTimeEpcReaderAntennaRssi() {
        long t = 10 * S;
        List<TagRead> reads = new ArrayList<>(List.of(
                read(0, t, 0x2D00000000000001L, 5, 1, -5000),
                read(0, t, 0x2D00000000000000L, 7, 1, -5000),
                read(0, t, 0x2D00000000000000L, 5, 2, -5000),
                read(0, t, 0x2D00000000000000L, 5, 1, -4000),
                read(0, t, 0x2D00000000000000L, 5, 1, -5000),
                read(1, t, 0x2D00000000000000L, 5, 1, -6000),
                read(0, t - 1, 0x35FFFFFFFFFFFFFFL, 9, 4, -7000)));
        List<TagRead> expected = List.of(reads.get(6), reads.get(4), reads.get(3), reads.get(2), reads.get(5),
                reads.get(1), reads.get(0));
        Collections.shuffle(reads, new Random(3));
        for (TagRead r : reads) {
            assertTrue(offer(r));
        }
        buffer.drain(released::add);
        assertEquals(expected.size(), released.size());
        for (int i = 0; i < expected.size(); i++) {
            assertSame(expected.get(i), released.get(i), "position " + i);
        }
    }

    @Test
    void anyArrivalOrderWithinTheLatenessReleasesTheSameSequence() {
        Random random = new Random(11);
        List<TagRead> reads = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            reads.add(read(random.nextInt(3), 1_000 * S + i * 7_919L + random.nextInt(5_000),
                    0x2D00000000000000L | random.nextInt(4), random.nextInt(1000), 1 + random.nextInt(4),
                    -4000 - random.nextInt(3000)));
        }
        List<TagRead> sorted = new ArrayList<>(reads);
        sorted.sort(ReorderBuffer::compare);
        for (int trial = 0; trial < 20; trial++) {
            List<TagRead> arrival = new ArrayList<>(reads);
            long[] key = new long[arrival.size()];
            for (int i = 0; i < key.length; i++) {
                key[i] = arrival.get(i).timeMicros + (long) (random.nextDouble() * (2 * S - 1));
            }
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < key.length; i++) {
                order.add(i);
            }
            order.sort((a, b) -> Long.compare(key[a], key[b]));
            ReorderBuffer b = new ReorderBuffer(EventTimeConfig.DEFAULTS);
            List<TagRead> out = new ArrayList<>();
            for (int i : order) {
                assertTrue(b.offer(arrival.get(i), out::add), "no read is late");
            }
            b.drain(out::add);
            assertEquals(sorted.size(), out.size());
            for (int i = 0; i < sorted.size(); i++) {
                assertSame(sorted.get(i), out.get(i), "trial " + trial + " position " + i);
            }
        }
    }

    @Test
    void releaseUpToMovesTheBoundWithoutARead() {
        offer(read(0, 10 * S));
        offer(read(0, 11 * S));
        buffer.releaseUpTo(10 * S + S / 2, released::add);
        assertEquals(List.of(10 * S), releasedTimes());
        assertEquals(10 * S + S / 2, buffer.releasedUpToMicros());
        buffer.releaseUpTo(5 * S, released::add);
        assertEquals(10 * S + S / 2, buffer.releasedUpToMicros(), "the bound never moves back");
        assertFalse(offer(read(0, 10 * S + S / 4)));
    }

    @Test
    void drainReleasesEverythingPending() {
        offer(read(0, 10 * S));
        offer(read(1, 11 * S));
        offer(read(0, 12 * S));
        buffer.drain(released::add);
        assertEquals(List.of(10 * S, 11 * S, 12 * S), releasedTimes());
        assertEquals(0, buffer.pending());
        assertEquals(12 * S, buffer.releasedUpToMicros());
        assertFalse(offer(read(1, 12 * S)));
    }

    @Test
    void zeroLatenessReleasesUpToTheWatermarkItself() {
        ReorderBuffer b = new ReorderBuffer(new EventTimeConfig(Duration.ZERO, Duration.ofSeconds(5),
                Duration.ofMinutes(5)));
        List<TagRead> out = new ArrayList<>();
        b.offer(read(0, 10 * S), out::add);
        assertEquals(1, out.size());
        assertFalse(b.offer(read(0, 10 * S), out::add));
    }
}
