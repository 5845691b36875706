package io.tagtrail.core;

/**
 * Open-addressing hash table from EPC-96 (two longs) to a tag's presence state. Linear probing with
 * backward-shift deletion, so look-ups allocate nothing and no tombstones accumulate.
 */
final class TagTable {
    private long[] his;
    private long[] los;
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
        int i = index(hi, lo);
        while (true) {
            TagPresence v = values[i];
            if (v == null) {
                return null;
            }
            if (his[i] == hi && los[i] == lo) {
                return v;
            }
            i = (i + 1) & mask;
        }
    }

    void put(TagPresence p) {
        if ((size + 1) * 4 > values.length * 3) {
            grow();
        }
        int i = index(p.epcHi, p.epcLo);
        while (values[i] != null) {
            if (his[i] == p.epcHi && los[i] == p.epcLo) {
                values[i] = p;
                return;
            }
            i = (i + 1) & mask;
        }
        his[i] = p.epcHi;
        los[i] = p.epcLo;
        values[i] = p;
        size++;
    }

    void remove(long hi, long lo) {
        int i = index(hi, lo);
        while (values[i] != null) {
            if (his[i] == hi && los[i] == lo) {
                shiftBack(i);
                size--;
                return;
            }
            i = (i + 1) & mask;
        }
    }

    private void shiftBack(int hole) {
        int i = hole;
        while (true) {
            i = (i + 1) & mask;
            TagPresence v = values[i];
            if (v == null) {
                break;
            }
            int home = index(his[i], los[i]);
            // move the entry into the hole unless its home lies cyclically in (hole, i]
            boolean stays = hole <= i ? (home > hole && home <= i) : (home > hole || home <= i);
            if (!stays) {
                his[hole] = his[i];
                los[hole] = los[i];
                values[hole] = v;
                hole = i;
            }
        }
        values[hole] = null;
    }

    private int index(long hi, long lo) {
        long h = hi * 0x9E3779B97F4A7C15L ^ lo * 0xC2B2AE3D27D4EB4FL;
        h ^= h >>> 29;
        return (int) h & mask;
    }

    private void grow() {
        long[] oldHis = his;
        long[] oldLos = los;
        TagPresence[] oldValues = values;
        allocate(values.length * 2);
        for (int i = 0; i < oldValues.length; i++) {
            if (oldValues[i] != null) {
                put(oldValues[i]);
            }
        }
    }

    private void allocate(int capacity) {
        his = new long[capacity];
        los = new long[capacity];
        values = new TagPresence[capacity];
        mask = capacity - 1;
        size = 0;
    }
}
