package io.tagtrail.core;

import io.tagtrail.model.TagRead;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReadCalendarTest {
    /** The contract, plainly: every pending read in a list; the first in the order comes out if within the bound. */
    private static final class Model {
        final List<TagRead> pending = new ArrayList<>();

        void add(TagRead r) {
            pending.add(r);
        }

        TagRead pollUpTo(long bound) {
            TagRead first = null;
            for (TagRead r : pending) {
                if (first == null || ReorderBuffer.compare(r, first) < 0) {
                    first = r;
                }
            }
            if (first == null || first.timeMicros > bound) {
                return null;
            }
            pending.remove(first);
            return first;
        }
    }

    private static TagRead read(long timeMicros, Random random) {
        return RandomReads.at(timeMicros, random);
    }

    @Test
    void takesReadsOutInTheTotalOrderAsAPlainListWould() {
        Random random = new Random(20261122);
        for (int round = 0; round < 400; round++) {
            // spans from a few slots to many times the ring, so that reads land in it, behind it and beyond it
            long spread = switch (round % 4) {
                case 0 -> 50;
                case 1 -> 20_000;
                case 2 -> 2_000_000;
                default -> 30_000_000;
            };
            ReadCalendar calendar = new ReadCalendar(random.nextInt(3_000_000), ReorderBuffer::compare);
            Model model = new Model();
            long now = 1_795_000_000_000_000L + random.nextInt(1_000_000);
            int n = 50 + random.nextInt(600);
            for (int i = 0; i < n; i++) {
                now += random.nextInt(4) == 0 ? random.nextInt(3_000) : 0;
                long t = now + (long) (random.nextGaussian() * spread);
                TagRead r = read(t, random);
                calendar.add(r);
                model.add(r);
                if (random.nextInt(3) == 0) {
                    long bound = now - random.nextInt((int) Math.min(spread * 2 + 1, Integer.MAX_VALUE));
                    int polls = random.nextInt(20);
                    for (int k = 0; k < polls; k++) {
                        TagRead expected = model.pollUpTo(bound);
                        assertSame(expected, calendar.pollUpTo(bound), "round " + round + ", read " + i);
                        if (expected == null) {
                            break;
                        }
                    }
                }
                assertEquals(model.pending.size(), calendar.size());
            }
            TagRead expected;
            while ((expected = model.pollUpTo(Long.MAX_VALUE)) != null) {
                assertSame(expected, calendar.pollUpTo(Long.MAX_VALUE), "round " + round + ", draining");
            }
            assertTrue(calendar.isEmpty());
            assertNull(calendar.pollUpTo(Long.MAX_VALUE));
        }
    }

    @Test
    void sortsABusySlotAndKeepsEqualTimesInOrder() {
        Random random = new Random(5);
        ReadCalendar calendar = new ReadCalendar(2_000_000, ReorderBuffer::compare);
        Model model = new Model();
        for (int i = 0; i < 500; i++) {
            // a few hundred reads within one slot, many at the same microsecond
            TagRead r = read(1_000_000 + random.nextInt(40), random);
            calendar.add(r);
            model.add(r);
        }
        for (int i = 0; i < 500; i++) {
            assertSame(model.pollUpTo(1_000_020), calendar.pollUpTo(1_000_020));
        }
        TagRead expected;
        while ((expected = model.pollUpTo(Long.MAX_VALUE)) != null) {
            assertSame(expected, calendar.pollUpTo(Long.MAX_VALUE));
        }
    }

    @Test
    void aJumpFarAheadReleasesEverythingAndStartsTheRingOver() {
        Random random = new Random(9);
        ReadCalendar calendar = new ReadCalendar(7_000_000, ReorderBuffer::compare);
        TagRead a = read(1_000_000, random);
        calendar.add(a);
        assertSame(a, calendar.pollUpTo(Long.MAX_VALUE / 2));
        TagRead b = read(3_600_000_000_000L, random);
        TagRead c = read(3_600_000_000_000L - 5_000_000, random);
        calendar.add(b);
        calendar.add(c);
        assertNull(calendar.pollUpTo(3_000_000_000_000L));
        assertSame(c, calendar.pollUpTo(3_600_000_000_000L));
        assertSame(b, calendar.pollUpTo(3_600_000_000_000L));
        assertTrue(calendar.isEmpty());
    }
}
