package io.tagtrail.core;

import io.tagtrail.model.TagRead;

/**
 * Puts one store's reads back into event-time order. Each reader's watermark is the newest timestamp it has sent;
 * the store watermark is the oldest of them among readers that are not idle, so a quiet reader never stalls the
 * store. Reads are released, in a total order (time, then EPC, reader, antenna, RSSI), once they lie
 * {@code allowedLateness} behind the store watermark; a read that arrives after its time was released is late.
 * Releasing in a total order is what makes any arrival order within the allowed lateness give identical results;
 * identical reads end up next to each other in that order, and only the first is released.
 */
public final class ReorderBuffer {
    /** Receives reads in event-time order. */
    public interface Released {
        void onRead(TagRead read);
    }

    private final long latenessMicros;
    private final long idleMicros;
    private final ReadCalendar pending;
    private long[] readerMaxMicros = new long[0];
    private long newestMicros = Long.MIN_VALUE;
    private long releasedUpToMicros = Long.MIN_VALUE;
    private TagRead lastReleased;
    private long duplicates;

    public ReorderBuffer(EventTimeConfig cfg) {
        this(cfg, Long.MIN_VALUE);
    }

    /** A buffer that treats reads at or before {@code releasedUpToMicros} as already released (late). */
    public ReorderBuffer(EventTimeConfig cfg, long releasedUpToMicros) {
        this.latenessMicros = cfg.allowedLateness().toNanos() / 1000;
        this.idleMicros = cfg.idleTimeout().toNanos() / 1000;
        this.releasedUpToMicros = releasedUpToMicros;
        this.pending = new ReadCalendar(latenessMicros + idleMicros, ReorderBuffer::compare);
    }

    /**
     * Takes a read (whose reader index is set) and releases whatever has become final.
     *
     * @return false when the read is late: its time was already released, so it is not applied
     */
    public boolean offer(TagRead read, Released out) {
        if (read.timeMicros <= releasedUpToMicros) {
            return false;
        }
        int r = read.readerIndex;
        if (r >= readerMaxMicros.length) {
            long[] grown = new long[Math.max(r + 1, readerMaxMicros.length * 2)];
            java.util.Arrays.fill(grown, readerMaxMicros.length, grown.length, Long.MIN_VALUE);
            System.arraycopy(readerMaxMicros, 0, grown, 0, readerMaxMicros.length);
            readerMaxMicros = grown;
        }
        if (read.timeMicros > readerMaxMicros[r]) {
            readerMaxMicros[r] = read.timeMicros;
        }
        if (read.timeMicros > newestMicros) {
            newestMicros = read.timeMicros;
        }
        pending.add(read);
        release(watermarkMicros() - latenessMicros, out);
        return true;
    }

    /** Moves the release bound forward without a read, for example when every reader has gone quiet. */
    public void releaseUpTo(long boundMicros, Released out) {
        release(boundMicros, out);
    }

    /** Releases everything still pending, as at the end of a stream. */
    public void drain(Released out) {
        if (!pending.isEmpty()) {
            release(newestMicros, out);
        }
    }

    /** Store watermark: the oldest newest-read among readers that are not idle. */
    public long watermarkMicros() {
        long min = Long.MAX_VALUE;
        long idleBefore = newestMicros - idleMicros;
        for (long m : readerMaxMicros) {
            if (m != Long.MIN_VALUE && m >= idleBefore && m < min) {
                min = m;
            }
        }
        return min == Long.MAX_VALUE ? Long.MIN_VALUE : min;
    }

    /** Everything at or before this instant has been released. */
    public long releasedUpToMicros() {
        return releasedUpToMicros;
    }

    public long newestMicros() {
        return newestMicros;
    }

    public int pending() {
        return pending.size();
    }

    private void release(long boundMicros, Released out) {
        if (boundMicros <= releasedUpToMicros) {
            return;
        }
        TagRead next;
        while ((next = pending.pollUpTo(boundMicros)) != null) {
            // a report delivered twice (a reader's duplicate, or an MQTT redelivery) counts once
            if (lastReleased == null || compare(lastReleased, next) != 0) {
                out.onRead(next);
                lastReleased = next;
            } else {
                duplicates++;
            }
        }
        releasedUpToMicros = boundMicros;
    }

    /** Reads dropped because an identical read (same tag, reader, antenna, time, RSSI) was already released. */
    public long duplicates() {
        return duplicates;
    }

    static int compare(TagRead a, TagRead b) {
        int c = Long.compare(a.timeMicros, b.timeMicros);
        if (c != 0) {
            return c;
        }
        c = Long.compare(a.epcHi, b.epcHi);
        if (c != 0) {
            return c;
        }
        c = Long.compare(a.epcLo, b.epcLo);
        if (c != 0) {
            return c;
        }
        c = Integer.compare(a.readerIndex, b.readerIndex);
        if (c != 0) {
            return c;
        }
        c = Integer.compare(a.antenna, b.antenna);
        if (c != 0) {
            return c;
        }
        c = Integer.compare(a.rssiCdbm, b.rssiCdbm);
        return c != 0 ? c : Integer.compare(a.readCount, b.readCount);
    }
}
