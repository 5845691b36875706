package io.tagtrail.core;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TagTableTest {
    private record Key(long hi, long lo) {
    }

    private static TagPresence tag(long hi, long lo) {
        return new TagPresence(hi, lo);
    }

    /** Same hash as the table, to build colliding keys on purpose. */
    private static int hash(long hi, long lo) {
        long h = hi * 0x9E3779B97F4A7C15L ^ lo * 0xC2B2AE3D27D4EB4FL;
        h ^= h >>> 29;
        return (int) h;
    }

    private static int home(long hi, long lo, int mask) {
        return hash(hi, lo) & mask;
    }

    /** Keys that share one home slot in a table of 32 slots (the capacity of {@code new TagTable(16)}). */
    private static List<Key> collidingKeys(int slot, int count) {
        List<Key> keys = new ArrayList<>();
        for (long lo = 0; keys.size() < count; lo++) {
            if (home(0x2D00000000000000L, lo, 31) == slot) {
                keys.add(new Key(0x2D00000000000000L, lo));
            }
        }
        return keys;
    }

    @Test
    void getsWhatWasPut() {
        TagTable t = new TagTable(16);
        TagPresence a = tag(0x2D00000000000000L, 1);
        TagPresence b = tag(0x2D00000000000000L, 2);
        t.put(a);
        t.put(b);
        assertEquals(2, t.size());
        assertSame(a, t.get(0x2D00000000000000L, 1));
        assertSame(b, t.get(0x2D00000000000000L, 2));
        assertNull(t.get(0x2D00000000000000L, 3));
        assertNull(t.get(0x2D00000000000001L, 1), "high word matters");
    }

    @Test
    void replacesTheValueOfAKeyAlreadyPresent() {
        TagTable t = new TagTable(16);
        t.put(tag(5, 6));
        TagPresence second = tag(5, 6);
        t.put(second);
        assertEquals(1, t.size());
        assertSame(second, t.get(5, 6));
    }

    @Test
    void removingAnAbsentKeyChangesNothing() {
        TagTable t = new TagTable(16);
        t.put(tag(5, 6));
        t.remove(5, 7);
        t.remove(6, 6);
        assertEquals(1, t.size());
        TagTable empty = new TagTable(16);
        empty.remove(1, 2);
        assertEquals(0, empty.size());
    }

    @Test
    void findsEveryCollidingKeyAfterRemovingAnyOneOfThem() {
        List<Key> keys = collidingKeys(7, 6);
        for (int victim = 0; victim < keys.size(); victim++) {
            TagTable t = new TagTable(16);
            Map<Key, TagPresence> values = new HashMap<>();
            for (Key k : keys) {
                TagPresence p = tag(k.hi(), k.lo());
                values.put(k, p);
                t.put(p);
            }
            Key removed = keys.get(victim);
            t.remove(removed.hi(), removed.lo());
            assertEquals(keys.size() - 1, t.size());
            assertNull(t.get(removed.hi(), removed.lo()));
            for (Key k : keys) {
                if (!k.equals(removed)) {
                    assertSame(values.get(k), t.get(k.hi(), k.lo()), "victim " + victim + " key " + k);
                }
            }
        }
    }

    @Test
    void keepsClustersThatWrapAroundTheEndOfTheTableReachable() {
        // keys homed at the last two slots spill over into slots 0, 1, ...; keys homed at slot 0 sit behind them
        List<Key> keys = new ArrayList<>(collidingKeys(30, 3));
        keys.addAll(collidingKeys(31, 3));
        keys.addAll(collidingKeys(0, 3));
        keys.addAll(collidingKeys(1, 2));
        Random random = new Random(5);
        for (int round = 0; round < 200; round++) {
            TagTable t = new TagTable(16);
            Map<Key, TagPresence> expected = new HashMap<>();
            List<Key> order = new ArrayList<>(keys);
            java.util.Collections.shuffle(order, random);
            for (Key k : order) {
                TagPresence p = tag(k.hi(), k.lo());
                t.put(p);
                expected.put(k, p);
            }
            java.util.Collections.shuffle(order, random);
            for (Key k : order.subList(0, 1 + random.nextInt(order.size() - 1))) {
                t.remove(k.hi(), k.lo());
                expected.remove(k);
                assertEquals(expected.size(), t.size());
                for (Key q : keys) {
                    assertSame(expected.get(q), t.get(q.hi(), q.lo()), "round " + round + " key " + q);
                }
            }
        }
    }

    @Test
    void keepsApartKeysWhoseHashesAreEqual() {
        Map<Integer, Long> seen = new HashMap<>();
        long hi = 0x2D00000000000000L;
        long first = -1;
        long second = -1;
        for (long lo = 0; second < 0; lo++) {
            Long other = seen.putIfAbsent(hash(hi, lo), lo);
            if (other != null) {
                first = other;
                second = lo;
            }
        }
        TagTable t = new TagTable(16);
        TagPresence a = tag(hi, first);
        TagPresence b = tag(hi, second);
        t.put(a);
        t.put(b);
        assertEquals(2, t.size());
        assertSame(a, t.get(hi, first));
        assertSame(b, t.get(hi, second));
        t.remove(hi, first);
        assertNull(t.get(hi, first));
        assertSame(b, t.get(hi, second));
        for (int i = 0; i < 100; i++) {
            t.put(tag(hi + 1, i));
        }
        assertSame(b, t.get(hi, second), "after growing");
        t.put(a);
        assertSame(a, t.get(hi, first));
        t.remove(hi, second);
        assertSame(a, t.get(hi, first));
        assertNull(t.get(hi, second));
        assertEquals(101, t.size());
    }

    @Test
    void growsAndKeepsEveryKey() {
        TagTable t = new TagTable(16);
        List<TagPresence> all = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            TagPresence p = tag(0x2D00000000000000L | (i % 7), i * 31L);
            all.add(p);
            t.put(p);
            assertEquals(i + 1, t.size());
        }
        for (TagPresence p : all) {
            assertSame(p, t.get(p.epcHi, p.epcLo));
        }
        for (int i = 0; i < all.size(); i += 2) {
            t.remove(all.get(i).epcHi, all.get(i).epcLo);
        }
        assertEquals(2_500, t.size());
        for (int i = 0; i < all.size(); i++) {
            TagPresence p = all.get(i);
            if (i % 2 == 0) {
                assertNull(t.get(p.epcHi, p.epcLo));
            } else {
                assertSame(p, t.get(p.epcHi, p.epcLo));
            }
        }
    }

    @Test
    void behavesLikeAHashMapUnderRandomOperations() {
        Random random = new Random(99);
        TagTable t = new TagTable(16);
        Map<Key, TagPresence> reference = new HashMap<>();
        List<Key> universe = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            // few distinct values per word so that many keys share a home slot
            universe.add(new Key(0x2D00000000000000L + random.nextInt(64), random.nextInt(64)));
        }
        for (int op = 0; op < 200_000; op++) {
            Key k = universe.get(random.nextInt(universe.size()));
            int choice = random.nextInt(10);
            if (choice < 5) {
                TagPresence p = tag(k.hi(), k.lo());
                t.put(p);
                reference.put(k, p);
            } else if (choice < 8) {
                t.remove(k.hi(), k.lo());
                reference.remove(k);
            } else {
                assertSame(reference.get(k), t.get(k.hi(), k.lo()), "op " + op);
            }
            assertEquals(reference.size(), t.size(), "op " + op);
        }
        for (Key k : universe) {
            assertSame(reference.get(k), t.get(k.hi(), k.lo()));
        }
        assertTrue(reference.size() > 100, "the table was exercised while well filled");
    }
}
