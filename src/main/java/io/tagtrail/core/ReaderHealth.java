package io.tagtrail.core;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per reader and minute of the store's clock: reads taken in, reads rejected, late reads and the newest reader
 * timestamp, so that operations see a reader that went quiet or sends garbage. Topic names that match no reader of
 * the layout are kept apart (a bounded number of them), since anyone can publish to any topic.
 */
public final class ReaderHealth {
    /** One reader's minute. {@code readerIndex} -1: a name that is not in the layout. */
    public record Minute(long bucketMillis, int readerIndex, String unknownName, long reads, long rejected, long late,
                         long newestReadMicros) {
    }

    /** Receives each reader's minute once the store's clock has left it. */
    public interface Output {
        void onReaderMinute(Minute minute);
    }

    static final int MAX_UNKNOWN_NAMES = 32;
    static final String OTHER = "(other)";

    private final Output out;
    private long[] reads;
    private long[] rejected;
    private long[] late;
    private long[] newest;
    private final Map<String, long[]> unknown = new LinkedHashMap<>();
    private long bucket = Long.MIN_VALUE;

    public ReaderHealth(int readers, Output out) {
        this.out = out;
        this.reads = new long[readers];
        this.rejected = new long[readers];
        this.late = new long[readers];
        this.newest = new long[readers];
        Arrays.fill(newest, Long.MIN_VALUE);
    }

    /** The store's clock reached {@code clockMillis}: a new minute emits the one before. */
    public void clock(long clockMillis) {
        long b = TrafficWindows.startOf(clockMillis);
        if (bucket == Long.MIN_VALUE) {
            bucket = b;
        } else if (b > bucket) {
            flush();
            bucket = b;
        }
    }

    public void read(int reader, long timeMicros) {
        reads[reader]++;
        if (timeMicros > newest[reader]) {
            newest[reader] = timeMicros;
        }
    }

    public void rejected(int reader) {
        rejected[reader]++;
    }

    public void late(int reader) {
        late[reader]++;
    }

    /** A rejection on a topic whose reader is not in the layout. */
    public void rejectedUnknown(String name) {
        String key = unknown.containsKey(name) || unknown.size() < MAX_UNKNOWN_NAMES ? name : OTHER;
        unknown.computeIfAbsent(key, k -> new long[1])[0]++;
    }

    /** The minute being counted, epoch millis; {@code orElse} before the store's clock started. */
    long bucketOr(long orElse) {
        return bucket == Long.MIN_VALUE ? orElse : bucket;
    }

    /**
     * Hands the minute being counted over to {@code next}, the counter of the store's next layout, instead of
     * emitting it now: the minute's row is then written once, whole. {@code nextIndex[r]} is the next layout's index
     * of this layout's reader {@code r}, or -1 for a reader it no longer has, whose part of the minute is emitted now.
     */
    void handOver(ReaderHealth next, int[] nextIndex) {
        if (bucket == Long.MIN_VALUE) {
            return;
        }
        next.bucket = bucket;
        for (int r = 0; r < reads.length; r++) {
            int n = nextIndex[r];
            if (n < 0) {
                emit(r);
                continue;
            }
            next.reads[n] += reads[r];
            next.rejected[n] += rejected[r];
            next.late[n] += late[r];
            next.newest[n] = Math.max(next.newest[n], newest[r]);
        }
        unknown.forEach((name, n) -> next.unknown.computeIfAbsent(name, k -> new long[1])[0] += n[0]);
        bucket = Long.MIN_VALUE;
        unknown.clear();
    }

    /** Emits the current minute (at the end of a run). */
    public void flush() {
        if (bucket == Long.MIN_VALUE) {
            return;
        }
        for (int r = 0; r < reads.length; r++) {
            emit(r);
        }
        unknown.forEach((name, n) -> out.onReaderMinute(new Minute(bucket, -1, name, 0, n[0], 0, Long.MIN_VALUE)));
        Arrays.fill(reads, 0);
        Arrays.fill(rejected, 0);
        Arrays.fill(late, 0);
        Arrays.fill(newest, Long.MIN_VALUE);
        unknown.clear();
    }

    /** Reader {@code r}'s part of the minute being counted, when it has one. */
    private void emit(int r) {
        if (reads[r] + rejected[r] + late[r] > 0) {
            out.onReaderMinute(new Minute(bucket, r, null, reads[r], rejected[r], late[r], newest[r]));
        }
    }
}
