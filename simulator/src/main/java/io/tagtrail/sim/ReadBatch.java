package io.tagtrail.sim;

import java.util.Arrays;

/**
 * One reader cycle's reads, in parallel primitive arrays reused from cycle to cycle, and put in time order by
 * sorting packed {@code (time offset, index)} keys: no allocation per read or per cycle once the arrays have grown.
 */
final class ReadBatch {
    private static final int INDEX_BITS = 22;

    private long baseMicros;
    private long[] keys = new long[1024];
    private long[] time = new long[1024];
    private int[] tag = new int[1024];
    private int[] antenna = new int[1024];
    private int[] rssi = new int[1024];
    private int n;

    /** Sorted output, filled by {@link #sort}. */
    long[] outTime = new long[1024];
    long[] outHi = new long[1024];
    long[] outLo = new long[1024];
    int[] outAntenna = new int[1024];
    int[] outRssi = new int[1024];

    void clear(long cycleStartMicros) {
        n = 0;
        repeats = 0;
        baseMicros = cycleStartMicros;
    }

    private int repeats;

    int size() {
        return n;
    }

    void add(long timeMicros, int tagIndex, int port, int rssiCdbm) {
        if (n == time.length) {
            if (n == 1 << INDEX_BITS) {
                throw new IllegalStateException("more than " + (1 << INDEX_BITS) + " reads in one reader cycle");
            }
            int c = n * 2;
            keys = Arrays.copyOf(keys, c);
            time = Arrays.copyOf(time, c);
            tag = Arrays.copyOf(tag, c);
            antenna = Arrays.copyOf(antenna, c);
            rssi = Arrays.copyOf(rssi, c);
        }
        time[n] = timeMicros;
        tag[n] = tagIndex;
        antenna[n] = port;
        rssi[n] = rssiCdbm;
        n++;
    }

    /** The read just added, reported a second time (a duplicate report). */
    void repeatLast() {
        add(time[n - 1], tag[n - 1], antenna[n - 1], rssi[n - 1]);
        repeats++;
    }

    /** Reads in the batch that repeat the read before them exactly (a reader's duplicate report). */
    int repeats() {
        return repeats;
    }

    /** Orders the reads by time (ties in the order they were added) into the {@code out*} arrays. */
    void sort(long[] epcHi, long[] epcLo) {
        for (int i = 0; i < n; i++) {
            keys[i] = (time[i] - baseMicros) << INDEX_BITS | i;
        }
        Arrays.sort(keys, 0, n);
        if (outTime.length < n) {
            int c = time.length;
            outTime = new long[c];
            outHi = new long[c];
            outLo = new long[c];
            outAntenna = new int[c];
            outRssi = new int[c];
        }
        int mask = (1 << INDEX_BITS) - 1;
        for (int i = 0; i < n; i++) {
            int j = (int) (keys[i] & mask);
            outTime[i] = time[j];
            outHi[i] = epcHi[tag[j]];
            outLo[i] = epcLo[tag[j]];
            outAntenna[i] = antenna[j];
            outRssi[i] = rssi[j];
        }
    }
}
