package io.tagtrail.core;

import io.tagtrail.layout.StoreLayout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Per-minute zone and floor traffic from zone visits, in event time. A minute is final once the watermark is
 * {@code settleMillis} past its end: by then no visit can still begin in it (visits are dated back at most that far)
 * and every visit that overlaps it is either closed or known to be open. Minutes with no shopper in the store
 * produce no rows; minutes with any produce a row for every zone and floor, zeros included.
 */
public final class TrafficWindows {
    public static final long MINUTE_MILLIS = 60_000L;

    /** Receives final minutes in order. */
    public interface Output {
        void onMinute(ZoneMinute minute);
    }

    private static final class Interval {
        final long epcHi;
        final long epcLo;
        final int zone;
        final int previousZone;
        final long enter;
        long exit = Long.MAX_VALUE;

        Interval(long epcHi, long epcLo, int zone, int previousZone, long enter) {
            this.epcHi = epcHi;
            this.epcLo = epcLo;
            this.zone = zone;
            this.previousZone = previousZone;
            this.enter = enter;
        }
    }

    private record Key(long hi, long lo) {
    }

    private final StoreLayout layout;
    private final long settleMillis;
    private final Output out;
    private final List<Interval> intervals = new ArrayList<>();
    private final Map<Key, Interval> open = new HashMap<>();
    private final int[] floors;
    private long nextMinute = Long.MIN_VALUE;

    public TrafficWindows(StoreLayout layout, long settleMillis, Output out) {
        this.layout = layout;
        this.settleMillis = settleMillis;
        this.out = out;
        this.floors = layout.floors();
    }

    /** The minute that contains {@code timeMillis}. */
    public static long startOf(long timeMillis) {
        return Math.floorDiv(timeMillis, MINUTE_MILLIS) * MINUTE_MILLIS;
    }

    public void visitOpened(long epcHi, long epcLo, int zoneIndex, long enterMillis, int previousZone) {
        Interval i = new Interval(epcHi, epcLo, zoneIndex, previousZone, enterMillis);
        intervals.add(i);
        open.put(new Key(epcHi, epcLo), i);
        long minute = startOf(enterMillis);
        if (nextMinute == Long.MIN_VALUE || minute < nextMinute) {
            nextMinute = minute;
        }
    }

    public void visitClosed(ZoneVisit v) {
        Interval i = open.remove(new Key(v.epcHi(), v.epcLo()));
        if (i != null) {
            i.exit = v.exitMillis();
        }
    }

    /** Forgets an open visit entirely (its tag no longer counts in shopper figures). */
    public void visitCancelled(long epcHi, long epcLo) {
        Interval i = open.remove(new Key(epcHi, epcLo));
        if (i != null) {
            intervals.remove(i);
        }
    }

    /** True when no visit is open and every minute any visit touched has been emitted. */
    public boolean idle() {
        return intervals.isEmpty();
    }

    /** Emits every minute that is final at this watermark. */
    public void advanceTo(long watermarkMillis) {
        while (nextMinute != Long.MIN_VALUE && nextMinute + MINUTE_MILLIS + settleMillis <= watermarkMillis) {
            emitMinute(nextMinute);
        }
    }

    /** Emits every minute that any visit touched, as at the end of a stream (all visits must be closed). */
    public void flush() {
        while (nextMinute != Long.MIN_VALUE && !intervals.isEmpty()) {
            emitMinute(nextMinute);
        }
    }

    private void emitMinute(long m) {
        long end = m + MINUTE_MILLIS;
        List<Interval> overlapping = new ArrayList<>();
        for (Interval i : intervals) {
            if (i.enter < end && i.exit > m) {
                overlapping.add(i);
            }
        }
        if (!overlapping.isEmpty()) {
            int zones = layout.zoneCount();
            List<List<Interval>> byZone = new ArrayList<>(zones);
            for (int z = 0; z < zones; z++) {
                byZone.add(new ArrayList<>());
            }
            for (Interval i : overlapping) {
                byZone.get(i.zone).add(i);
            }
            for (int z = 0; z < zones; z++) {
                List<Interval> in = byZone.get(z);
                int entries = 0;
                for (Interval i : in) {
                    if (i.enter >= m) {
                        entries++;
                    }
                }
                out.onMinute(measure(m, layout.zone(z).floor(), z, in, entries));
            }
            for (int floor : floors) {
                List<Interval> in = new ArrayList<>();
                int entries = 0;
                for (Interval i : overlapping) {
                    if (layout.zone(i.zone).floor() == floor) {
                        in.add(i);
                        boolean arrived = i.previousZone < 0 || layout.zone(i.previousZone).floor() != floor;
                        if (arrived && i.enter >= m) {
                            entries++;
                        }
                    }
                }
                out.onMinute(measure(m, floor, -1, in, entries));
            }
        }
        intervals.removeIf(i -> i.exit <= end);
        nextMinute = intervals.isEmpty() ? Long.MIN_VALUE : Math.max(end, startOf(earliestEnter()));
    }

    private long earliestEnter() {
        long min = Long.MAX_VALUE;
        for (Interval i : intervals) {
            min = Math.min(min, i.enter);
        }
        return min;
    }

    private static ZoneMinute measure(long m, int floor, int zone, List<Interval> in, int entries) {
        long end = m + MINUTE_MILLIS;
        Set<Key> visitors = new HashSet<>();
        long presentMillis = 0;
        long[] edges = new long[in.size() * 2];
        int n = 0;
        for (Interval i : in) {
            visitors.add(new Key(i.epcHi, i.epcLo));
            long from = Math.max(i.enter, m);
            long to = Math.min(i.exit, end);
            presentMillis += to - from;
            // encode (time, kind) so that at equal times departures (0) sort before arrivals (1)
            edges[n++] = (from - m) * 2 + 1;
            edges[n++] = (to - m) * 2;
        }
        Arrays.sort(edges, 0, n);
        int now = 0;
        int peak = 0;
        for (int k = 0; k < n; k++) {
            now += (edges[k] & 1) == 1 ? 1 : -1;
            peak = Math.max(peak, now);
        }
        return new ZoneMinute(m, floor, zone, entries, visitors.size(), presentMillis / (double) MINUTE_MILLIS, peak);
    }
}
