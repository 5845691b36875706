package io.tagtrail.sim;

import io.tagtrail.member.Member;

/**
 * What one tag really does: the zones it stands in and when (ground truth), and why it stood there.
 * {@code exit[i] == enter[i + 1]}: a shopper is always in exactly one zone between arrival and departure, and
 * consecutive zones are adjacent in the layout. {@code member} is null for an anonymous card; staff badges have
 * tier {@code staff}; merchandise has no member and one zone.
 */
public record ShopperPlan(long epcHi, long epcLo, Member member, int[] zones, long[] enterMillis, long[] exitMillis,
                          byte[] purposes) {
    /** Arriving at or leaving through an entrance. */
    public static final byte ENTRANCE = 0;
    /** Walking through a zone on the way somewhere else. */
    public static final byte TRANSIT = 1;
    /** A stop at a zone the shopper set out to visit (dwell from the zone's stop distribution). */
    public static final byte STOP = 2;
    /** A zone the shopper set out to visit but only passed by (dwell from its pass-by distribution). */
    public static final byte PASS_BY = 3;
    /** Paying at a checkout (the checkout's stop distribution). */
    public static final byte CHECKOUT = 4;
    /** Two planned stays in one zone that became one visit, or a staff member's or an item's stay. */
    public static final byte OTHER = 5;

    public ShopperPlan {
        int n = zones.length;
        if (n == 0 || enterMillis.length != n || exitMillis.length != n || purposes.length != n) {
            throw new IllegalArgumentException("a plan needs one enter, exit and purpose per zone");
        }
        for (int i = 0; i < n; i++) {
            if (exitMillis[i] < enterMillis[i] || (i > 0 && enterMillis[i] != exitMillis[i - 1])) {
                throw new IllegalArgumentException("plan times must be contiguous and ordered at visit " + i);
            }
        }
    }

    public long arrivalMillis() {
        return enterMillis[0];
    }

    public long departureMillis() {
        return exitMillis[exitMillis.length - 1];
    }

    public boolean isStaff() {
        return member != null && member.isStaff();
    }
}
