package io.tagtrail.core;

import io.tagtrail.model.TagRead;

import java.util.Arrays;
import java.util.Comparator;

/**
 * The reads a store holds back for event-time ordering, taken out in a total order whose first key is the read
 * time. A calendar queue: time is cut into slots of {@value #SLOT_MICROS} µs, and a ring of buckets holds the slots
 * from the oldest pending one on; a read goes into its slot's bucket unsorted, and a bucket is sorted only when its
 * reads are taken out. Reads arrive close to their time order (each reader's in order, the readers interleaved), so
 * a read costs an append and its share of sorting a small bucket, where a heap of every pending read would cost a
 * sift through all of them, twice. Reads outside the ring's span (earlier than its oldest slot, or too far ahead)
 * wait in a {@link ReadHeap} beside it and are merged in on the way out. Grows as needed; never shrinks.
 */
final class ReadCalendar {
    static final int SLOT_SHIFT = 11;
    static final long SLOT_MICROS = 1L << SLOT_SHIFT;
    private static final int INSERTION_SORT_MAX = 48;

    private final Comparator<TagRead> order;
    private final int mask;
    private final TagRead[][] buckets;
    private final int[] starts;
    private final int[] ends;
    private final boolean[] unsorted;
    /** Pending reads from this slot on are in the ring (slot i in bucket i & mask, up to base + buckets - 1). */
    private long baseSlot = Long.MIN_VALUE;
    private int inRing;
    /** Every read taken out so far was at or before this slot (the ring never starts before it). */
    private long floorSlot = Long.MIN_VALUE;
    private final ReadHeap outside;

    /**
     * @param spanMicros how far apart in time pending reads usually lie (allowed lateness plus the reader idle
     *                   timeout); the ring covers twice that, reads beyond it only cost more
     * @param order      a total order of reads that sorts by {@code timeMicros} first
     */
    ReadCalendar(long spanMicros, Comparator<TagRead> order) {
        this.order = order;
        long slots = Math.max(256, Math.min(16_384, 2 * spanMicros / SLOT_MICROS + 1));
        int n = Integer.highestOneBit((int) slots - 1) << 1;
        this.mask = n - 1;
        this.buckets = new TagRead[n][];
        this.starts = new int[n];
        this.ends = new int[n];
        this.unsorted = new boolean[n];
        this.outside = new ReadHeap(64, order);
    }

    int size() {
        return inRing + outside.size();
    }

    boolean isEmpty() {
        return size() == 0;
    }

    void add(TagRead read) {
        long slot = read.timeMicros >> SLOT_SHIFT;
        if (inRing == 0) {
            // the ring starts a quarter of its span before the read, so that slightly older reads still fit
            baseSlot = Math.max(floorSlot, slot - (mask + 1) / 4);
        }
        if (slot < baseSlot || slot - baseSlot > mask) {
            outside.add(read);
            return;
        }
        int b = (int) slot & mask;
        TagRead[] bucket = buckets[b];
        int end = ends[b];
        if (bucket == null) {
            bucket = buckets[b] = new TagRead[8];
        } else if (end == bucket.length) {
            bucket = buckets[b] = Arrays.copyOf(bucket, end * 2);
        }
        if (end > starts[b] && !unsorted[b] && bucket[end - 1].timeMicros >= read.timeMicros
                && order.compare(bucket[end - 1], read) > 0) {
            unsorted[b] = true;
        }
        bucket[end] = read;
        ends[b] = end + 1;
        inRing++;
    }

    /** Removes and returns the first read in the order if it is at or before {@code boundMicros}; else null. */
    TagRead pollUpTo(long boundMicros) {
        TagRead ring = inRing == 0 ? null : firstInRing(boundMicros);
        TagRead other = outside.isEmpty() || outside.peekTime() > boundMicros ? null : outside.peek();
        TagRead taken;
        if (ring != null && (other == null || order.compare(ring, other) < 0)) {
            int b = (int) baseSlot & mask;
            buckets[b][starts[b]++] = null;
            inRing--;
            taken = ring;
        } else if (other != null) {
            taken = outside.poll();
        } else {
            return null;
        }
        floorSlot = Math.max(floorSlot, taken.timeMicros >> SLOT_SHIFT);
        return taken;
    }

    /**
     * The first read in the ring if it is at or before the bound, else null; moves the ring's start past empty
     * slots on the way (never beyond the bound's slot while reads remain).
     */
    private TagRead firstInRing(long boundMicros) {
        long boundSlot = boundMicros >> SLOT_SHIFT;
        while (baseSlot <= boundSlot) {
            int b = (int) baseSlot & mask;
            int start = starts[b];
            int end = ends[b];
            if (start < end) {
                TagRead[] bucket = buckets[b];
                if (unsorted[b]) {
                    sort(bucket, start, end);
                    unsorted[b] = false;
                }
                TagRead first = bucket[start];
                return first.timeMicros <= boundMicros ? first : null;
            }
            starts[b] = 0;
            ends[b] = 0;
            baseSlot++;
        }
        return null;
    }

    private void sort(TagRead[] a, int from, int to) {
        if (to - from > INSERTION_SORT_MAX) {
            Arrays.sort(a, from, to, order);
            return;
        }
        for (int i = from + 1; i < to; i++) {
            TagRead x = a[i];
            int j = i - 1;
            while (j >= from && order.compare(a[j], x) > 0) {
                a[j + 1] = a[j];
                j--;
            }
            a[j + 1] = x;
        }
    }
}
