package io.tagtrail.decode;

/**
 * Base64 values as they stand in a JSON payload, decoded from the bytes without allocating. Each method accepts
 * exactly what {@link java.util.Base64}'s basic (or URL-safe) decoder would decode to the expected number of bytes.
 */
final class Base64Text {
    private static final byte[] STANDARD = table('+', '/');
    private static final byte[] URL_SAFE = table('-', '_');

    private Base64Text() {
    }

    private static byte[] table(char c62, char c63) {
        byte[] t = new byte[256];
        java.util.Arrays.fill(t, (byte) -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        for (int i = 0; i < alphabet.length(); i++) {
            t[alphabet.charAt(i)] = (byte) i;
        }
        t[c62] = 62;
        t[c63] = 63;
        return t;
    }

    /**
     * A 96-bit EPC in base64 at {@code b[off..off+len)} into {@code out} (hi, lo). The URL-safe alphabet is used
     * when the text contains {@code -} or {@code _}, the standard one otherwise; 96 bits are exactly 16 digits
     * without padding.
     *
     * @return false when the text is not a 96-bit value (out is then untouched)
     */
    static boolean epc96(byte[] b, int off, int len, long[] out) {
        if (len != 16) {
            return false;
        }
        byte[] table = STANDARD;
        for (int i = 0; i < 16; i++) {
            byte c = b[off + i];
            if (c == '-' || c == '_') {
                table = URL_SAFE;
                break;
            }
        }
        long first = 0;
        long second = 0;
        for (int i = 0; i < 8; i++) {
            int d = table[b[off + i] & 0xFF];
            int e = table[b[off + 8 + i] & 0xFF];
            if ((d | e) < 0) {
                return false;
            }
            first = (first << 6) | d;
            second = (second << 6) | e;
        }
        // 48 + 48 bits: hi is the first 48 and the top 16 of the second; lo the second's last 32
        out[0] = (first << 16) | (second >>> 32);
        out[1] = second & 0xFFFF_FFFFL;
        return true;
    }

    /**
     * A big-endian 16-bit signed value in standard base64 ({@code xyz} or {@code xyz=}), or
     * {@code Integer.MIN_VALUE} when the text does not decode to exactly two bytes.
     */
    static int int16(byte[] b, int off, int len) {
        if (len != 3 && !(len == 4 && b[off + 3] == '=')) {
            return Integer.MIN_VALUE;
        }
        int x = STANDARD[b[off] & 0xFF];
        int y = STANDARD[b[off + 1] & 0xFF];
        int z = STANDARD[b[off + 2] & 0xFF];
        if ((x | y | z) < 0) {
            return Integer.MIN_VALUE;
        }
        int bits = (x << 18) | (y << 12) | (z << 6);
        return (short) (bits >>> 8);
    }
}
