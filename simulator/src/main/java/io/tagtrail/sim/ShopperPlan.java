package io.tagtrail.sim;

import io.tagtrail.member.Member;

/**
 * What one tag really does: the zones it stands in and when (ground truth). {@code exit[i] == enter[i + 1]}:
 * a shopper is always in exactly one zone between arrival and departure. {@code member} is null for an anonymous
 * card; staff badges have tier {@code staff}.
 */
public record ShopperPlan(long epcHi, long epcLo, Member member, int[] zones, long[] enterMillis, long[] exitMillis) {
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
