package io.tagtrail.db;

import io.tagtrail.member.Member;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/** The {@code member_cards} table: read by the member join, filled by the CRM (or the simulator). */
public final class MemberCardStore {
    private MemberCardStore() {
    }

    /** Every card, by EPC hex. */
    public static Map<String, Member> loadAll(Connection c) throws SQLException {
        Map<String, Member> cards = new HashMap<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT epc, member_id, tier, segment FROM member_cards")) {
            while (rs.next()) {
                cards.put(rs.getString(1).toUpperCase(java.util.Locale.ROOT),
                        new Member(rs.getString(2), rs.getString(3), rs.getString(4)));
            }
        }
        return cards;
    }

    public static void upsert(Connection c, Map<String, Member> cards) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO member_cards (epc, member_id, tier, segment) VALUES (?, ?, ?, ?) ON CONFLICT (epc) "
                        + "DO UPDATE SET member_id = EXCLUDED.member_id, tier = EXCLUDED.tier,"
                        + " segment = EXCLUDED.segment, updated_at = now()")) {
            int n = 0;
            for (Map.Entry<String, Member> e : cards.entrySet()) {
                ps.setString(1, e.getKey());
                ps.setString(2, e.getValue().memberId());
                ps.setString(3, e.getValue().tier());
                ps.setString(4, e.getValue().segment());
                ps.addBatch();
                if (++n % 1000 == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
    }
}
