package io.tagtrail.core;

/**
 * Open-addressing hash table from EPC-96 (two longs) to a tag's presence state. Linear probing with
 * backward-shift deletion, so look-ups allocate nothing and no tombstones accumulate.
 *
 * <p>The EPC itself lives only in the presence state; each slot keeps the key's 32-bit hash next to the value, so
 * probing past other keys rarely touches their state, and moving entries never computes a hash again.
 */
final class TagTable {
    private int[] hashes;
    private TagPresence[] values;
    private int size;
    private int mask;

    TagTable(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        allocate(capacity);
    }

    int size() {
        return size;
    }

    TagPresence get(long hi, long lo) {
        int h = hash(hi, lo);
        int i = h & mask;
        while (true) {
            TagPresence v = values[i];
            if (v == null) {
                return null;
            }
            if (hashes[i] == h && v.epcHi == hi && v.epcLo == lo) {
                return v;
            }
            i = (i + 1) & mask;
        }
    }

    void put(TagPresence p) {
        if ((size + 1) * 4 > values.length * 3) {
            grow();
        }
        insert(p, hash(p.epcHi, p.epcLo));
    }

    void remove(long hi, long lo) {
        int h = hash(hi, lo);
        int i = h & mask;
        while (true) {
            TagPresence v = values[i];
            if (v == null) {
                return;
            }
            if (hashes[i] == h && v.epcHi == hi && v.epcLo == lo) {
                shiftBack(i);
                size--;
                return;
            }
            i = (i + 1) & mask;
        }
    }

    private void insert(TagPresence p, int h) {
        int i = h & mask;
        while (true) {
            TagPresence v = values[i];
            if (v == null) {
                break;
            }
            if (hashes[i] == h && v.epcHi == p.epcHi && v.epcLo == p.epcLo) {
                values[i] = p;
                return;
            }
            i = (i + 1) & mask;
        }
        hashes[i] = h;
        values[i] = p;
        size++;
    }

    private void shiftBack(int hole) {
        int i = hole;
        while (true) {
            i = (i + 1) & mask;
            TagPresence v = values[i];
            if (v == null) {
                break;
            }
            int home = hashes[i] & mask;
            // move the entry into the hole unless its home lies cyclically in (hole, i]
            boolean stays = hole <= i ? (home > hole && home <= i) : (home > hole || home <= i);
            if (!stays) {
                hashes[hole] = hashes[i];
                values[hole] = v;
                hole = i;
            }
        }
        values[hole] = null;
    }

    /** The key's hash; its low bits are the key's home slot. */
    private static int hash(long hi, long lo) {
        long h = hi * 0x9E3779B97F4A7C15L ^ lo * 0xC2B2AE3D27D4EB4FL;
        h ^= h >>> 29;
        return (int) h;
    }

    private void grow() {
        int[] oldHashes = hashes;
        TagPresence[] oldValues = values;
        allocate(values.length * 2);
        for (int i = 0; i < oldValues.length; i++) {
            if (oldValues[i] != null) {
                insert(oldValues[i], oldHashes[i]);
            }
        }
    }

    private void allocate(int capacity) {
        hashes = new int[capacity];
        values = new TagPresence[capacity];
        mask = capacity - 1;
        size = 0;
    }
}
