package io.tagtrail.model;

/**
 * An EPC-96 held as two longs: the first 64 bits in {@code hi}, the last 32 bits in the low half of {@code lo}.
 * Parsing and formatting work on characters so that the hot path allocates nothing.
 */
public final class Epc {
    public static final int HEX_LENGTH = 24;

    private Epc() {
    }

    /** Header byte (the first 8 bits), which names the GS1 coding scheme. */
    public static int header(long hi) {
        return (int) (hi >>> 56);
    }

    /**
     * Parses 24 hex digits at {@code chars[off..off+24)} into {@code out[0]} (hi) and {@code out[1]} (lo).
     *
     * @return false when a character is not a hex digit
     */
    public static boolean parseHex(char[] chars, int off, long[] out) {
        long hi = 0;
        for (int i = 0; i < 16; i++) {
            int d = hexDigit(chars[off + i]);
            if (d < 0) {
                return false;
            }
            hi = (hi << 4) | d;
        }
        long lo = 0;
        for (int i = 16; i < 24; i++) {
            int d = hexDigit(chars[off + i]);
            if (d < 0) {
                return false;
            }
            lo = (lo << 4) | d;
        }
        out[0] = hi;
        out[1] = lo;
        return true;
    }

    /**
     * Parses 24 ASCII hex digits at {@code bytes[off..off+24)} into {@code out[0]} (hi) and {@code out[1]} (lo), as
     * they stand in a JSON payload.
     *
     * @return false when a byte is not a hex digit (out is then untouched)
     */
    public static boolean parseHex(byte[] bytes, int off, long[] out) {
        byte[] t = HEX_VALUES;
        long hi = 0;
        int bad = 0;
        for (int i = 0; i < 16; i++) {
            int d = t[bytes[off + i] & 0xFF];
            bad |= d;
            hi = (hi << 4) | (d & 0xF);
        }
        long lo = 0;
        for (int i = 16; i < 24; i++) {
            int d = t[bytes[off + i] & 0xFF];
            bad |= d;
            lo = (lo << 4) | (d & 0xF);
        }
        if (bad < 0) {
            return false;
        }
        out[0] = hi;
        out[1] = lo;
        return true;
    }

    /** The value of an ASCII hex digit, or -1 for any other byte. */
    public static int hexValue(byte c) {
        return HEX_VALUES[c & 0xFF];
    }

    /** Value of each byte as a hex digit, -1 for a byte that is not one. */
    private static final byte[] HEX_VALUES = new byte[256];

    static {
        java.util.Arrays.fill(HEX_VALUES, (byte) -1);
        for (int c = 0; c < 256; c++) {
            int d = hexDigit((char) c);
            if (d >= 0) {
                HEX_VALUES[c] = (byte) d;
            }
        }
    }

    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    public static boolean parseHex(CharSequence s, long[] out) {
        if (s.length() != HEX_LENGTH) {
            return false;
        }
        char[] chars = new char[HEX_LENGTH];
        for (int i = 0; i < HEX_LENGTH; i++) {
            chars[i] = s.charAt(i);
        }
        return parseHex(chars, 0, out);
    }

    /** Upper-case 24-digit hex form, as stored in the database. */
    public static String toHex(long hi, long lo) {
        char[] c = new char[HEX_LENGTH];
        for (int i = 15; i >= 0; i--) {
            c[i] = Character.toUpperCase(Character.forDigit((int) (hi & 0xF), 16));
            hi >>>= 4;
        }
        for (int i = 23; i >= 16; i--) {
            c[i] = Character.toUpperCase(Character.forDigit((int) (lo & 0xF), 16));
            lo >>>= 4;
        }
        return new String(c);
    }

    /** Writes the 24 upper-case hex digits into {@code out} at {@code off}. */
    public static void appendHex(long hi, long lo, StringBuilder out) {
        for (int shift = 60; shift >= 0; shift -= 4) {
            out.append(Character.toUpperCase(Character.forDigit((int) ((hi >>> shift) & 0xF), 16)));
        }
        for (int shift = 28; shift >= 0; shift -= 4) {
            out.append(Character.toUpperCase(Character.forDigit((int) ((lo >>> shift) & 0xF), 16)));
        }
    }
}
