package io.tagtrail.member;

import io.tagtrail.core.TagFilter;
import io.tagtrail.model.Epc;

import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The membership cards known to the CRM, held in memory by EPC and replaced as a whole on every refresh, so that
 * readers on the hot path never see a half-loaded directory. Staff badges are kept out of shopper figures. Member
 * ids are mapped once, on loading (pseudonymised unless configured otherwise), so results never carry the CRM's.
 */
public final class MemberDirectory implements TagFilter {
    private record Key(long hi, long lo) {
    }

    private volatile Map<Key, Member> byEpc = Map.of();
    private volatile int generation;
    private final UnaryOperator<String> memberIds;

    /** A directory that keeps the CRM's member ids as they are. */
    public MemberDirectory() {
        this(UnaryOperator.identity());
    }

    /** @param memberIds how member ids appear in results, for example {@link MemberPseudonyms} */
    public MemberDirectory(UnaryOperator<String> memberIds) {
        this.memberIds = memberIds;
    }

    /** Replaces the directory with the given cards (EPC hex to member); cards with unparsable EPCs are skipped. */
    public int replace(Map<String, Member> cards) {
        Map<Key, Member> next = new HashMap<>(cards.size() * 2);
        long[] epc = new long[2];
        for (Map.Entry<String, Member> e : cards.entrySet()) {
            if (Epc.parseHex(e.getKey(), epc)) {
                Member m = e.getValue();
                next.put(new Key(epc[0], epc[1]), new Member(memberIds.apply(m.memberId()), m.tier(), m.segment()));
            }
        }
        byEpc = next;
        generation++;
        return next.size();
    }

    /** The member behind a card, or null for an anonymous card. */
    public Member lookup(long epcHi, long epcLo) {
        return byEpc.get(new Key(epcHi, epcLo));
    }

    public int size() {
        return byEpc.size();
    }

    @Override
    public boolean counts(long epcHi, long epcLo) {
        Member m = lookup(epcHi, epcLo);
        return m == null || !m.isStaff();
    }

    @Override
    public int generation() {
        return generation;
    }
}
