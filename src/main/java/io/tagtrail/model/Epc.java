package io.tagtrail.model;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

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
        long a = hex8(bytes, off);
        long b = hex8(bytes, off + 8);
        long c = hex8(bytes, off + 16);
        if ((a | b | c) < 0) {
            return false;
        }
        out[0] = a << 32 | b;
        out[1] = c;
        return true;
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101_0101_0101_0101L;
    private static final long HIGH_BITS = 0x8080_8080_8080_8080L;

    /**
     * The value of the eight ASCII hex digits at {@code bytes[off..off+8)}, or -1 when a byte is not one. SWAR: all
     * eight bytes are checked and converted at once. For bytes below 0x80, adding {@code 0x80 - c} to each sets its
     * high bit exactly when it is at least {@code c}, without a carry into the next byte; setting bit 5 maps
     * {@code A-F} onto {@code a-f} and no other byte into that range.
     */
    private static long hex8(byte[] bytes, int off) {
        long x = (long) LONGS.get(bytes, off);
        long lower = x | ONES * 0x20;
        long digit = (x + ONES * (0x80 - '0')) & ~(x + ONES * (0x80 - ('9' + 1)));
        long letter = (lower + ONES * (0x80 - 'a')) & ~(lower + ONES * (0x80 - ('f' + 1)));
        if ((x & HIGH_BITS) != 0 || ((digit | letter) & HIGH_BITS) != HIGH_BITS) {
            return -1;
        }
        // each byte's value: its low nibble, plus 9 for a letter (bit 6 set)
        long v = (x & ONES * 0x0F) + ((x >>> 6) & ONES) * 9;
        // the first digit is the lowest byte and the most significant nibble: pack the nibbles from the top
        v = Long.reverseBytes(v);
        v = (v | v >>> 4) & 0x00FF_00FF_00FF_00FFL;
        v = (v | v >>> 8) & 0x0000_FFFF_0000_FFFFL;
        return (v | v >>> 16) & 0xFFFF_FFFFL;
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
