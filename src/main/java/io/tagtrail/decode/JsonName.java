package io.tagtrail.decode;

import java.nio.charset.StandardCharsets;

/**
 * A field name (or a constant string value) as it stands in a payload, pre-encoded so that the scanner recognises
 * it in place: the name and its closing quote are compared eight bytes at a time instead of byte by byte.
 * Immutable; shared by every decoder.
 */
final class JsonName {

    private final String text;
    private final byte[] bytes;
    /** The name followed by its closing quote. */
    private final byte[] quoted;
    /** {@link #quoted} read eight bytes at a time: at 0, 8, ..., and the last eight (overlapping). */
    private final long[] chunks;

    JsonName(String text) {
        this.text = text;
        this.bytes = text.getBytes(StandardCharsets.US_ASCII);
        for (byte c : bytes) {
            if (c < 0x20 || c == '"' || c == '\\' || c > 0x7E) {
                throw new IllegalArgumentException("not a plain ASCII name: " + text);
            }
        }
        this.quoted = (text + '"').getBytes(StandardCharsets.US_ASCII);
        int n = quoted.length;
        if (n >= 8) {
            int full = (n - 1) / 8;
            chunks = new long[full + 1];
            for (int i = 0; i < full; i++) {
                chunks[i] = Swar.word(quoted, i * 8);
            }
            chunks[full] = Swar.word(quoted, n - 8);
        } else {
            chunks = new long[0];
        }
    }

    static JsonName[] of(String... names) {
        JsonName[] n = new JsonName[names.length];
        for (int i = 0; i < names.length; i++) {
            n[i] = new JsonName(names[i]);
        }
        return n;
    }

    int length() {
        return bytes.length;
    }

    byte[] bytes() {
        return bytes;
    }

    /** Whether this name followed by a closing quote stands at {@code b[p..]}, all of it before {@code end}. */
    boolean quotedAt(byte[] b, int p, int end) {
        byte[] q = quoted;
        int n = q.length;
        if (p > end - n) {
            return false;
        }
        long[] c = chunks;
        if (c.length == 0) {
            for (int i = 0; i < n; i++) {
                if (b[p + i] != q[i]) {
                    return false;
                }
            }
            return true;
        }
        int last = c.length - 1;
        if (Swar.word(b, p + n - 8) != c[last]) {
            return false;
        }
        for (int i = 0; i < last; i++) {
            if (Swar.word(b, p + i * 8) != c[i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code b[off..off+len)} is this name. */
    boolean equalsBytes(byte[] b, int off, int len) {
        if (len != bytes.length) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (b[off + i] != bytes[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return text;
    }
}
