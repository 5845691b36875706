package io.tagtrail.decode;

import java.nio.charset.StandardCharsets;

/**
 * Values of JSON numbers that the scanner has already checked for syntax, converted from their bytes: integers
 * without allocating, decimals exactly as {@link Double#parseDouble} does (without allocating for the usual short
 * ones).
 */
final class JsonNumbers {
    private static final double[] POWERS_OF_TEN = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};


    private JsonNumbers() {
    }

    /**
     * Where the run of ASCII digits from {@code p} ends (at most {@code end}). SWAR, eight bytes at a time: with
     * each byte's high bit set, subtracting {@code '0'} keeps the high bit exactly for a low seven bits of at least
     * {@code '0'}; with it cleared, adding {@code 0x80 - ('9' + 1)} sets it exactly for at least {@code '9' + 1};
     * neither borrows nor carries into the next byte.
     */
    static int digitsEnd(byte[] b, int p, int end) {
        while (p <= end - 8) {
            long x = Swar.word(b, p);
            long atLeastZero = (x | Swar.HIGH_BITS) - Swar.ONES * '0';
            long aboveNine = (x & ~Swar.HIGH_BITS) + Swar.ONES * (0x80 - ('9' + 1));
            long notDigit = ~(atLeastZero & ~aboveNine & ~x) & Swar.HIGH_BITS;
            if (notDigit != 0) {
                return p + (Long.numberOfTrailingZeros(notDigit) >>> 3);
            }
            p += 8;
        }
        while (p < end && b[p] >= '0' && b[p] <= '9') {
            p++;
        }
        return p;
    }

    /** Whether the integer {@code b[from, to)} (an optional minus, then digits) fits a long. */
    static boolean fitsLong(byte[] b, int from, int to) {
        boolean negative = b[from] == '-';
        int p = negative ? from + 1 : from;
        if (to - p <= 18) {
            return true;
        }
        // accumulate negatively, as Long.parseLong does, so that Long.MIN_VALUE itself fits
        long limit = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
        long multiplyMin = limit / 10;
        long v = 0;
        for (; p < to; p++) {
            int d = b[p] - '0';
            if (v < multiplyMin) {
                return false;
            }
            v *= 10;
            if (v < limit + d) {
                return false;
            }
            v -= d;
        }
        return true;
    }

    /** The integer {@code b[from, to)}, which must fit a long ({@link #fitsLong}). */
    static long longValue(byte[] b, int from, int to) {
        boolean negative = b[from] == '-';
        long v = 0;
        for (int p = negative ? from + 1 : from; p < to; p++) {
            v = v * 10 - (b[p] - '0');
        }
        return negative ? v : -v;
    }

    /** The number {@code b[from, to)} with a fraction or an exponent, as {@link Double#parseDouble} reads it. */
    static double doubleValue(byte[] b, int from, int to) {
        int p = from;
        boolean negative = b[p] == '-';
        if (negative) {
            p++;
        }
        long mantissa = 0;
        int digits = 0;
        int fractionDigits = 0;
        boolean fraction = false;
        for (; p < to; p++) {
            byte c = b[p];
            if (c == '.') {
                fraction = true;
                continue;
            }
            if (c == 'e' || c == 'E') {
                break;
            }
            if (digits > 0 || c != '0') {
                digits++;
            }
            mantissa = mantissa * 10 + (c - '0');
            if (fraction) {
                fractionDigits++;
            }
            if (digits > 15) {
                break;
            }
        }
        // exact when both operands are exact doubles: a single correctly rounded division (Clinger's fast path)
        if (p == to && digits <= 15 && fractionDigits < POWERS_OF_TEN.length) {
            double v = mantissa / POWERS_OF_TEN[fractionDigits];
            return negative ? -v : v;
        }
        return Double.parseDouble(new String(b, from, to - from, StandardCharsets.ISO_8859_1));
    }
}
