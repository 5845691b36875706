package io.tagtrail.core;

import io.tagtrail.model.TagRead;

import java.util.Arrays;
import java.util.Comparator;

/**
 * A binary min-heap of reads in a total order whose first key is the read time. The times sit in a {@code long[]}
 * beside the reads, so that sifting compares array elements and touches a read only when two times are equal;
 * a {@code PriorityQueue} would follow a pointer for every comparison. Grows as needed; never shrinks.
 */
final class ReadHeap {
    private final Comparator<TagRead> order;
    private TagRead[] reads;
    private long[] times;
    private int size;

    /** @param order a total order of reads that sorts by {@code timeMicros} first */
    ReadHeap(int capacity, Comparator<TagRead> order) {
        this.order = order;
        this.reads = new TagRead[Math.max(16, capacity)];
        this.times = new long[reads.length];
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Time of the first read; only when not empty. */
    long peekTime() {
        return times[0];
    }

    /** The first read; only when not empty. */
    TagRead peek() {
        return reads[0];
    }

    void add(TagRead read) {
        if (size == reads.length) {
            reads = Arrays.copyOf(reads, size * 2);
            times = Arrays.copyOf(times, size * 2);
        }
        long t = read.timeMicros;
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!before(t, read, parent)) {
                break;
            }
            reads[i] = reads[parent];
            times[i] = times[parent];
            i = parent;
        }
        reads[i] = read;
        times[i] = t;
    }

    /** Removes and returns the first read; only when not empty. */
    TagRead poll() {
        TagRead first = reads[0];
        int n = --size;
        TagRead last = reads[n];
        long t = times[n];
        reads[n] = null;
        if (n > 0) {
            int i = 0;
            int half = n >>> 1;
            while (i < half) {
                int child = 2 * i + 1;
                int right = child + 1;
                if (right < n) {
                    long left = times[child];
                    long other = times[right];
                    // which child is earlier is a coin toss: a conditional move rather than a branch
                    int earlier = other < left ? right : child;
                    if (other == left && order.compare(reads[right], reads[child]) < 0) {
                        earlier = right;
                    }
                    child = earlier;
                }
                if (!before(times[child], reads[child], t, last)) {
                    break;
                }
                reads[i] = reads[child];
                times[i] = times[child];
                i = child;
            }
            reads[i] = last;
            times[i] = t;
        }
        return first;
    }

    /** Whether the read (with its time) comes before the one at heap index {@code i}. */
    private boolean before(long t, TagRead read, int i) {
        long other = times[i];
        return t != other ? t < other : order.compare(read, reads[i]) < 0;
    }

    private boolean before(long t, TagRead read, long otherTime, TagRead other) {
        return t != otherTime ? t < otherTime : order.compare(read, other) < 0;
    }
}
