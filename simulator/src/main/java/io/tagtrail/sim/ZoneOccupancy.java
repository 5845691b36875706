package io.tagtrail.sim;

import java.util.Arrays;
import java.util.List;

/**
 * Which tags stand in which zone at the simulated time reached so far. Every plan's zone changes are one sorted
 * array of {@code (time, tag)} keys, played forward with {@link #advanceTo}; each zone's members live in an int
 * array that a caller reads in place (no copies), and a tag leaves its zone by swapping with the last member.
 */
final class ZoneOccupancy {
    private static final int TAG_BITS = 24;

    private final List<ShopperPlan> tags;
    private final long base;
    private final long[] events;
    private final int[] cursor;
    private final int[] position;
    private final int[][] members;
    private final int[] sizes;
    private int next;

    ZoneOccupancy(List<ShopperPlan> tags, int zones, long baseMillis) {
        if (tags.size() >= 1 << TAG_BITS) {
            throw new IllegalArgumentException("at most " + ((1 << TAG_BITS) - 1) + " tags per run");
        }
        this.tags = tags;
        this.base = baseMillis;
        int n = 0;
        for (ShopperPlan p : tags) {
            n += p.zones().length + 1;
        }
        events = new long[n];
        int k = 0;
        for (int t = 0; t < tags.size(); t++) {
            ShopperPlan p = tags.get(t);
            for (long enter : p.enterMillis()) {
                events[k++] = key(enter, t);
            }
            events[k++] = key(p.departureMillis(), t);
        }
        Arrays.sort(events);
        cursor = new int[tags.size()];
        Arrays.fill(cursor, -1);
        position = new int[tags.size()];
        members = new int[zones][16];
        sizes = new int[zones];
    }

    private long key(long millis, int tag) {
        long offset = millis - base;
        if (offset < 0 || offset >= 1L << (63 - TAG_BITS)) {
            throw new IllegalArgumentException("plan time outside the run: " + millis);
        }
        return offset << TAG_BITS | tag;
    }

    /** Applies every zone change up to and including {@code millis}. */
    void advanceTo(long millis) {
        long bound = millis - base;
        while (next < events.length && (events[next] >>> TAG_BITS) <= bound) {
            int tag = (int) (events[next] & ((1 << TAG_BITS) - 1));
            int[] zones = tags.get(tag).zones();
            int visit = ++cursor[tag];
            if (visit > 0) {
                remove(zones[visit - 1], tag);
            }
            if (visit < zones.length) {
                add(zones[visit], tag);
            }
            next++;
        }
    }

    /** The members of a zone: the first {@link #size(int)} entries are valid; do not modify. */
    int[] members(int zone) {
        return members[zone];
    }

    int size(int zone) {
        return sizes[zone];
    }

    private void add(int zone, int tag) {
        int n = sizes[zone];
        if (n == members[zone].length) {
            members[zone] = Arrays.copyOf(members[zone], n * 2);
        }
        members[zone][n] = tag;
        position[tag] = n;
        sizes[zone] = n + 1;
    }

    private void remove(int zone, int tag) {
        int[] list = members[zone];
        int at = position[tag];
        int last = list[--sizes[zone]];
        list[at] = last;
        position[last] = at;
    }
}
