package io.tagtrail.sim;

import java.util.List;

/**
 * Who the shoppers are and how much they shop.
 *
 * @param memberShare         share of cards that belong to a member (the rest are anonymous cards)
 * @param tiers               member tiers with their shares among members (shares sum to 1)
 * @param segments            member segments, drawn uniformly
 * @param minTargets          fewest zones a shopper sets out to visit
 * @param maxTargets          most zones a shopper sets out to visit
 * @param checkoutProbability chance that a shopper goes to a checkout before leaving
 */
public record ShopperMix(double memberShare, List<Tier> tiers, List<String> segments, int minTargets,
                         int maxTargets, double checkoutProbability) {
    /** A member tier and its share among members. */
    public record Tier(String name, double share) {
        public Tier {
            if (name == null || name.isBlank() || name.equals(io.tagtrail.member.Member.STAFF_TIER)) {
                throw new IllegalArgumentException("a tier needs a name other than 'staff', got " + name);
            }
            if (!(share >= 0 && share <= 1)) {
                throw new IllegalArgumentException("tier " + name + ": share must be in [0, 1], got " + share);
            }
        }
    }

    public ShopperMix {
        if (!(memberShare >= 0 && memberShare <= 1)) {
            throw new IllegalArgumentException("member_share must be in [0, 1], got " + memberShare);
        }
        tiers = List.copyOf(tiers);
        segments = List.copyOf(segments);
        double sum = tiers.stream().mapToDouble(Tier::share).sum();
        if (tiers.isEmpty() || Math.abs(sum - 1) > 1e-6) {
            throw new IllegalArgumentException("tier shares must sum to 1, got " + sum);
        }
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("segments must not be empty");
        }
        if (minTargets < 1 || maxTargets < minTargets) {
            throw new IllegalArgumentException("targets need 1 <= min <= max, got " + minTargets + ".." + maxTargets);
        }
        if (!(checkoutProbability >= 0 && checkoutProbability <= 1)) {
            throw new IllegalArgumentException("checkout_probability must be in [0, 1], got " + checkoutProbability);
        }
    }
}
