package io.tagtrail.member;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.function.UnaryOperator;

/**
 * Member ids as the analytics tables store them: a keyed hash (HMAC-SHA256, the first 16 bytes in hex, prefixed
 * {@code m_}), stable for a key, so that figures per member still add up while the CRM's ids never leave it.
 */
public final class MemberPseudonyms implements UnaryOperator<String> {
    private final SecretKeySpec key;

    public MemberPseudonyms(byte[] key) {
        if (key == null || key.length < 16) {
            throw new IllegalArgumentException("privacy.member-key must have at least 16 bytes");
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
    }

    @Override
    public String apply(String memberId) {
        if (memberId == null) {
            return null;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] h = mac.doFinal(memberId.getBytes(StandardCharsets.UTF_8));
            return "m_" + HexFormat.of().formatHex(h, 0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
