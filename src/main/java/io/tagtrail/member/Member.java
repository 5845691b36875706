package io.tagtrail.member;

/** The loyalty membership behind a card, as the CRM knows it. */
public record Member(String memberId, String tier, String segment) {
    public static final String STAFF_TIER = "staff";

    public boolean isStaff() {
        return STAFF_TIER.equals(tier);
    }
}
